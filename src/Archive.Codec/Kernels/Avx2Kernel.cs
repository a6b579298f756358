using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>256-bit split-table kernel (VPSHUFB; tables duplicated per 128-bit lane), four outputs per pass.</summary>
public sealed unsafe class Avx2Kernel : GfKernel
{
    private const int Width = 32;
    private const int Stride = 64;

    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.Avx2;

    /// <inheritdoc/>
    public override bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => 4;

    private protected override int TableBytesPerCoefficient => Stride;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination) => SplitTable.Write(c, destination, 2);

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
    {
        switch (rows)
        {
            case 1: Group<Rows1>(cols, tables, inputs, outputs, start, end); break;
            case 2: Group<Rows2>(cols, tables, inputs, outputs, start, end); break;
            case 3: Group<Rows3>(cols, tables, inputs, outputs, start, end); break;
            default: Group<Rows4>(cols, tables, inputs, outputs, start, end); break;
        }
    }

    private static void Group<TRows>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
    {
        int row = cols * Stride;
        Vector256<byte> mask = Vector256.Create((byte)0x0F);
        for (int p = start; p < end; p += Width)
        {
            Vector256<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            byte* t = tables;
            for (int c = 0; c < cols; c++, t += Stride)
            {
                Vector256<byte> x = Avx.LoadVector256(inputs[c] + p);
                Vector256<byte> lo = x & mask;
                Vector256<byte> hi = Avx2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask;
                a0 ^= Avx2.Shuffle(Avx.LoadVector256(t), lo) ^ Avx2.Shuffle(Avx.LoadVector256(t + 32), hi);
                if (TRows.Value > 1)
                {
                    a1 ^= Avx2.Shuffle(Avx.LoadVector256(t + row), lo) ^ Avx2.Shuffle(Avx.LoadVector256(t + row + 32), hi);
                }

                if (TRows.Value > 2)
                {
                    a2 ^= Avx2.Shuffle(Avx.LoadVector256(t + (2 * row)), lo) ^ Avx2.Shuffle(Avx.LoadVector256(t + (2 * row) + 32), hi);
                }

                if (TRows.Value > 3)
                {
                    a3 ^= Avx2.Shuffle(Avx.LoadVector256(t + (3 * row)), lo) ^ Avx2.Shuffle(Avx.LoadVector256(t + (3 * row) + 32), hi);
                }
            }

            Avx.Store(outputs[0] + p, a0);
            if (TRows.Value > 1)
            {
                Avx.Store(outputs[1] + p, a1);
            }

            if (TRows.Value > 2)
            {
                Avx.Store(outputs[2] + p, a2);
            }

            if (TRows.Value > 3)
            {
                Avx.Store(outputs[3] + p, a3);
            }
        }
    }
}
