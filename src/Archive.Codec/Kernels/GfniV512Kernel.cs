using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Archive.Codec.Galois;

namespace Archive.Codec.Kernels;

/// <summary>
/// 512-bit GFNI kernel, six outputs per pass. Each step covers two vectors of every input (128 bytes),
/// so every coefficient matrix loaded from L1 serves two affine transforms and the loads of one vector
/// overlap the arithmetic of the other; a ragged 64-byte remainder takes the one-vector loop.
/// Inputs are taken two at a time and folded into each accumulator with one three-way XOR (VPTERNLOGD 0x96).
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

    private protected override void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming)
    {
        if (GfniV512Resident.Fits(rows, cols))
        {
            if (streaming)
            {
                GfniV512Resident.RunGroup<StreamingStores>(rows, cols, tables, inputs, outputs, start, end);
            }
            else
            {
                GfniV512Resident.RunGroup<CachedStores>(rows, cols, tables, inputs, outputs, start, end);
            }

            return;
        }

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
            case 4: Group<Rows4, TStore>(cols, tables, inputs, outputs, start, end); break;
            case 5: Group<Rows5, TStore>(cols, tables, inputs, outputs, start, end); break;
            default: Group<Rows6, TStore>(cols, tables, inputs, outputs, start, end); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Mul(Vector512<byte> x, byte* matrix) =>
        Gfni.V512.GaloisFieldAffineTransform(x, Vector512.Load(matrix), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Xor3(Vector512<byte> a, Vector512<byte> b, Vector512<byte> c) =>
        Avx512F.TernaryLogic(a, b, c, 0x96);

    /// <summary>One vector to <paramref name="destination"/>: non-temporal (aligned) on the streaming path, plain otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<TStore>(Vector512<byte> value, byte* destination)
        where TStore : struct, IStoreMode
    {
        if (TStore.Streaming)
        {
            Avx512F.StoreAlignedNonTemporal(destination, value);
        }
        else
        {
            value.Store(destination);
        }
    }

    private static void Group<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int p = DoubleSteps<TRows, TStore>(cols, tables, inputs, outputs, start, end);
        if (p < end)
        {
            SingleStep<TRows, TStore>(cols, tables, inputs, outputs, p);
        }
    }

    /// <summary>Two vectors per input and step over [start, end); returns where it stopped (end, or end - 64).</summary>
    private static int DoubleSteps<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int row = cols * Width;
        int pairs = cols & ~1;
        int p = start;
        for (; p + (2 * Width) <= end; p += 2 * Width)
        {
            Vector512<byte> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            Vector512<byte> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default;
            byte* t = tables;
            int c = 0;
            for (; c < pairs; c += 2, t += 2 * Width)
            {
                byte* u = inputs[c] + p;
                byte* v = inputs[c + 1] + p;
                if (TStore.Streaming)
                {
                    Sse.Prefetch0(u + IStoreMode.PrefetchDistance);
                    Sse.Prefetch0(u + IStoreMode.PrefetchDistance + Width);
                    Sse.Prefetch0(v + IStoreMode.PrefetchDistance);
                    Sse.Prefetch0(v + IStoreMode.PrefetchDistance + Width);
                }

                Vector512<byte> x0 = Vector512.Load(u), x1 = Vector512.Load(u + Width);
                Vector512<byte> y0 = Vector512.Load(v), y1 = Vector512.Load(v + Width);
                byte* tx = t, ty = t + Width;
                a0 = Xor3(a0, Mul(x0, tx), Mul(y0, ty));
                b0 = Xor3(b0, Mul(x1, tx), Mul(y1, ty));
                if (TRows.Value > 1)
                {
                    tx += row;
                    ty += row;
                    a1 = Xor3(a1, Mul(x0, tx), Mul(y0, ty));
                    b1 = Xor3(b1, Mul(x1, tx), Mul(y1, ty));
                }

                if (TRows.Value > 2)
                {
                    tx += row;
                    ty += row;
                    a2 = Xor3(a2, Mul(x0, tx), Mul(y0, ty));
                    b2 = Xor3(b2, Mul(x1, tx), Mul(y1, ty));
                }

                if (TRows.Value > 3)
                {
                    tx += row;
                    ty += row;
                    a3 = Xor3(a3, Mul(x0, tx), Mul(y0, ty));
                    b3 = Xor3(b3, Mul(x1, tx), Mul(y1, ty));
                }

                if (TRows.Value > 4)
                {
                    tx += row;
                    ty += row;
                    a4 = Xor3(a4, Mul(x0, tx), Mul(y0, ty));
                    b4 = Xor3(b4, Mul(x1, tx), Mul(y1, ty));
                }

                if (TRows.Value > 5)
                {
                    tx += row;
                    ty += row;
                    a5 = Xor3(a5, Mul(x0, tx), Mul(y0, ty));
                    b5 = Xor3(b5, Mul(x1, tx), Mul(y1, ty));
                }
            }

            if (c < cols)
            {
                byte* u = inputs[c] + p;
                if (TStore.Streaming)
                {
                    Sse.Prefetch0(u + IStoreMode.PrefetchDistance);
                    Sse.Prefetch0(u + IStoreMode.PrefetchDistance + Width);
                }

                Vector512<byte> x0 = Vector512.Load(u), x1 = Vector512.Load(u + Width);
                a0 ^= Mul(x0, t);
                b0 ^= Mul(x1, t);
                if (TRows.Value > 1)
                {
                    a1 ^= Mul(x0, t + row);
                    b1 ^= Mul(x1, t + row);
                }

                if (TRows.Value > 2)
                {
                    a2 ^= Mul(x0, t + (2 * row));
                    b2 ^= Mul(x1, t + (2 * row));
                }

                if (TRows.Value > 3)
                {
                    a3 ^= Mul(x0, t + (3 * row));
                    b3 ^= Mul(x1, t + (3 * row));
                }

                if (TRows.Value > 4)
                {
                    a4 ^= Mul(x0, t + (4 * row));
                    b4 ^= Mul(x1, t + (4 * row));
                }

                if (TRows.Value > 5)
                {
                    a5 ^= Mul(x0, t + (5 * row));
                    b5 ^= Mul(x1, t + (5 * row));
                }
            }

            Store<TStore>(a0, outputs[0] + p);
            Store<TStore>(b0, outputs[0] + p + Width);
            if (TRows.Value > 1)
            {
                Store<TStore>(a1, outputs[1] + p);
                Store<TStore>(b1, outputs[1] + p + Width);
            }

            if (TRows.Value > 2)
            {
                Store<TStore>(a2, outputs[2] + p);
                Store<TStore>(b2, outputs[2] + p + Width);
            }

            if (TRows.Value > 3)
            {
                Store<TStore>(a3, outputs[3] + p);
                Store<TStore>(b3, outputs[3] + p + Width);
            }

            if (TRows.Value > 4)
            {
                Store<TStore>(a4, outputs[4] + p);
                Store<TStore>(b4, outputs[4] + p + Width);
            }

            if (TRows.Value > 5)
            {
                Store<TStore>(a5, outputs[5] + p);
                Store<TStore>(b5, outputs[5] + p + Width);
            }
        }

        return p;
    }

    /// <summary>One vector per input at offset <paramref name="p"/>.</summary>
    private static void SingleStep<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int p)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int row = cols * Width;
        Vector512<byte> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        byte* t = tables;
        for (int c = 0; c < cols; c++, t += Width)
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

        Store<TStore>(a0, outputs[0] + p);
        if (TRows.Value > 1)
        {
            Store<TStore>(a1, outputs[1] + p);
        }

        if (TRows.Value > 2)
        {
            Store<TStore>(a2, outputs[2] + p);
        }

        if (TRows.Value > 3)
        {
            Store<TStore>(a3, outputs[3] + p);
        }

        if (TRows.Value > 4)
        {
            Store<TStore>(a4, outputs[4] + p);
        }

        if (TRows.Value > 5)
        {
            Store<TStore>(a5, outputs[5] + p);
        }
    }
}
