using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Archive.Codec.Galois;

namespace Archive.Codec.Kernels;

/// <summary>
/// 512-bit GFNI kernel, six outputs per pass. Inputs are taken two at a time and folded into each
/// accumulator with one three-way XOR (VPTERNLOGD 0x96), halving the XOR work.
/// </summary>
public sealed unsafe class GfniV512Kernel : GfKernel
{
    private const int Width = 64;

    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.GfniV512;

    /// <inheritdoc/>
    public override bool IsSupported => Gfni.V512.IsSupported && Avx512F.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => 6;

    private protected override int TableBytesPerCoefficient => Width;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination)
    {
        ulong matrix = GfniAffine.MatrixFor(c);
        for (int i = 0; i < Width; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], matrix);
        }
    }

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
    {
        switch (rows)
        {
            case 1: Group<Rows1>(cols, tables, inputs, outputs, start, end); break;
            case 2: Group<Rows2>(cols, tables, inputs, outputs, start, end); break;
            case 3: Group<Rows3>(cols, tables, inputs, outputs, start, end); break;
            case 4: Group<Rows4>(cols, tables, inputs, outputs, start, end); break;
            case 5: Group<Rows5>(cols, tables, inputs, outputs, start, end); break;
            default: Group<Rows6>(cols, tables, inputs, outputs, start, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Mul(Vector512<byte> x, byte* matrix) =>
        Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(matrix), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Xor3(Vector512<byte> a, Vector512<byte> b, Vector512<byte> c) =>
        Avx512F.TernaryLogic(a, b, c, 0x96);

    private static void Group<TRows>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
    {
        int row = cols * Width;
        int pairs = cols & ~1;
        for (int p = start; p < end; p += Width)
        {
            Vector512<byte> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            byte* t = tables;
            int c = 0;
            for (; c < pairs; c += 2, t += 2 * Width)
            {
                Vector512<byte> x = Vector512.Load(inputs[c] + p);
                Vector512<byte> y = Vector512.Load(inputs[c + 1] + p);
                a0 = Xor3(a0, Mul(x, t), Mul(y, t + Width));
                if (TRows.Value > 1)
                {
                    a1 = Xor3(a1, Mul(x, t + row), Mul(y, t + row + Width));
                }

                if (TRows.Value > 2)
                {
                    a2 = Xor3(a2, Mul(x, t + (2 * row)), Mul(y, t + (2 * row) + Width));
                }

                if (TRows.Value > 3)
                {
                    a3 = Xor3(a3, Mul(x, t + (3 * row)), Mul(y, t + (3 * row) + Width));
                }

                if (TRows.Value > 4)
                {
                    a4 = Xor3(a4, Mul(x, t + (4 * row)), Mul(y, t + (4 * row) + Width));
                }

                if (TRows.Value > 5)
                {
                    a5 = Xor3(a5, Mul(x, t + (5 * row)), Mul(y, t + (5 * row) + Width));
                }
            }

            if (c < cols)
            {
                Vector512<byte> x = Vector512.Load(inputs[c] + p);
                a0 ^= Mul(x, t);
                if (TRows.Value > 1)
                {
                    a1 ^= Mul(x, t + row);
                }

                if (TRows.Value > 2)
                {
                    a2 ^= Mul(x, t + (2 * row));
                }

                if (TRows.Value > 3)
                {
                    a3 ^= Mul(x, t + (3 * row));
                }

                if (TRows.Value > 4)
                {
                    a4 ^= Mul(x, t + (4 * row));
                }

                if (TRows.Value > 5)
                {
                    a5 ^= Mul(x, t + (5 * row));
                }
            }

            a0.Store(outputs[0] + p);
            if (TRows.Value > 1)
            {
                a1.Store(outputs[1] + p);
            }

            if (TRows.Value > 2)
            {
                a2.Store(outputs[2] + p);
            }

            if (TRows.Value > 3)
            {
                a3.Store(outputs[3] + p);
            }

            if (TRows.Value > 4)
            {
                a4.Store(outputs[4] + p);
            }

            if (TRows.Value > 5)
            {
                a5.Store(outputs[5] + p);
            }
        }
    }
}
