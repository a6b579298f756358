using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Archive.Codec.Galois;

namespace Archive.Codec.Kernels;

/// <summary>256-bit GFNI kernel: one VGF2P8AFFINEQB per coefficient and input vector, four outputs per pass.</summary>
public sealed unsafe class GfniV256Kernel : GfKernel
{
    private const int Width = 32;

    /// <inheritdoc/>
    public override KernelKind Kind => KernelKind.GfniV256;

    /// <inheritdoc/>
    public override bool IsSupported => Gfni.V256.IsSupported;

    /// <inheritdoc/>
    public override int VectorWidth => Width;

    /// <inheritdoc/>
    public override int MaxRowsPerPass => 4;

    private protected override int TableBytesPerCoefficient => Width;

    private protected override void ExpandCoefficient(byte c, Span<byte> destination)
    {
        ulong matrix = GfniAffine.MatrixFor(c);
        for (int i = 0; i < Width; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], matrix);
        }
    }

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming)
    {
        if (streaming)
        {
            RunGroup<StreamingStores>(rows, cols, tables, inputs, outputs, start, end);
        }
        else
        {
            RunGroup<CachedStores>(rows, cols, tables, inputs, outputs, start, end);
        }
    }

    private static void RunGroup<TStore>(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TStore : struct, IStoreMode
    {
        switch (rows)
        {
            case 1: Group<Rows1, TStore>(cols, tables, inputs, outputs, start, end); break;
            case 2: Group<Rows2, TStore>(cols, tables, inputs, outputs, start, end); break;
            case 3: Group<Rows3, TStore>(cols, tables, inputs, outputs, start, end); break;
            default: Group<Rows4, TStore>(cols, tables, inputs, outputs, start, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TStore>(byte* destination, Vector256<byte> value)
        where TStore : struct, IStoreMode
    {
        if (TStore.Streaming)
        {
            Avx.StoreAlignedNonTemporal(destination, value);
        }
        else
        {
            Avx.Store(destination, value);
        }
    }

    private static void Group<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int row = cols * Width;
        for (int p = start; p < end; p += Width)
        {
            Vector256<byte> a0 = default, a1 = default, a2 = default, a3 = default;
            byte* t = tables;
            for (int c = 0; c < cols; c++, t += Width)
            {
                byte* source = inputs[c] + p;
                if (TStore.Streaming && (p & 63) == 0)
                {
                    Sse.Prefetch0(source + IStoreMode.PrefetchDistance);
                }

                Vector256<byte> x = Avx.LoadVector256(source);
                a0 ^= Gfni.V256.GaloisFieldAffineTransform(x, Avx.LoadVector256(t), 0);
                if (TRows.Value > 1)
                {
                    a1 ^= Gfni.V256.GaloisFieldAffineTransform(x, Avx.LoadVector256(t + row), 0);
                }

                if (TRows.Value > 2)
                {
                    a2 ^= Gfni.V256.GaloisFieldAffineTransform(x, Avx.LoadVector256(t + (2 * row)), 0);
                }

                if (TRows.Value > 3)
                {
                    a3 ^= Gfni.V256.GaloisFieldAffineTransform(x, Avx.LoadVector256(t + (3 * row)), 0);
                }
            }

            Store<TStore>(outputs[0] + p, a0);
            if (TRows.Value > 1)
            {
                Store<TStore>(outputs[1] + p, a1);
            }

            if (TRows.Value > 2)
            {
                Store<TStore>(outputs[2] + p, a2);
            }

            if (TRows.Value > 3)
            {
                Store<TStore>(outputs[3] + p, a3);
            }
        }
    }
}
