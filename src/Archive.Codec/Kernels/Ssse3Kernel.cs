using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>128-bit split-table kernel (PSHUFB), four outputs per pass.</summary>
public sealed unsafe class Ssse3Kernel : GfKernel
{
    private const int Width = 16;
    private const int Stride = 32;

    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.Ssse3;

    /// <inheritdoc/>
    public override bool IsSupported => Ssse3.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => 4;

    private protected override int TableBytesPerCoefficient => Stride;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination) => SplitTable.Write(c, destination, 1);

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
        Vector128<byte> mask = Vector128.Create((byte)0x0F);
        for (int p = start; p < end; p += Width)
        {
            Vector128<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            byte* t = tables;
            for (int c = 0; c < cols; c++, t += Stride)
            {
                Vector128<byte> x = Sse2.LoadVector128(inputs[c] + p);
                Vector128<byte> lo = x & mask;
                Vector128<byte> hi = Sse2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask;
                a0 ^= Ssse3.Shuffle(Sse2.LoadVector128(t), lo) ^ Ssse3.Shuffle(Sse2.LoadVector128(t + 16), hi);
                if (TRows.Value > 1)
                {
                    a1 ^= Ssse3.Shuffle(Sse2.LoadVector128(t + row), lo) ^ Ssse3.Shuffle(Sse2.LoadVector128(t + row + 16), hi);
                }

                if (TRows.Value > 2)
                {
                    a2 ^= Ssse3.Shuffle(Sse2.LoadVector128(t + (2 * row)), lo) ^ Ssse3.Shuffle(Sse2.LoadVector128(t + (2 * row) + 16), hi);
                }

                if (TRows.Value > 3)
                {
                    a3 ^= Ssse3.Shuffle(Sse2.LoadVector128(t + (3 * row)), lo) ^ Ssse3.Shuffle(Sse2.LoadVector128(t + (3 * row) + 16), hi);
                }
            }

            Sse2.Store(outputs[0] + p, a0);
            if (TRows.Value > 1)
            {
                Sse2.Store(outputs[1] + p, a1);
            }

            if (TRows.Value > 2)
            {
                Sse2.Store(outputs[2] + p, a2);
            }

            if (TRows.Value > 3)
            {
                Sse2.Store(outputs[3] + p, a3);
            }
        }
    }
}
