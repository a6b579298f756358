using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>
/// The loops of the split-table kernels (ISA-L's technique), four outputs per pass:
/// c·x = lo[x &amp; 15] XOR hi[x &gt;&gt; 4] with two byte lookups (PSHUFB). Each step covers two vectors
/// of every input, so every table loaded serves two lookups and the loads of one vector overlap the
/// arithmetic of the other; a ragged one-vector remainder takes the one-vector loop. One implementation
/// for every width: <see cref="Ssse3Kernel"/> and <see cref="Avx2Kernel"/> run it over
/// <see cref="Lanes128"/> and <see cref="Lanes256"/>. Tables: per coefficient lo then hi, each one vector wide.
/// </summary>
internal static unsafe class SplitTableLoops<TVector, TLanes>
    where TVector : struct
    where TLanes : struct, ISplitLanes<TVector>
{
    /// <summary>Rows per pass the loops keep in registers.</summary>
    public const int MaxRowsPerPass = 4;

    /// <summary>Table bytes per coefficient: lo then hi, each one vector wide.</summary>
    public static int TableBytesPerCoefficient => 2 * TLanes.Width;

    /// <summary>Writes the lo/hi tables of coefficient <paramref name="c"/>, repeated per 128-bit lane.</summary>
    public static void ExpandCoefficient(byte c, Span<byte> destination) => SplitTable.Write(c, destination, TLanes.Width / 16);

    /// <summary>See <c>GfKernel.RunGroup</c>.</summary>
    public static void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming)
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
    private static void Store<TStore>(byte* destination, TVector value)
        where TStore : struct, IStoreMode
    {
        if (TStore.Streaming)
        {
            TLanes.StoreStreaming(destination, value);
        }
        else
        {
            TLanes.Store(destination, value);
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

    /// <summary>Two vectors per input and step over [start, end); returns where it stopped (end, or end - width).</summary>
    private static int DoubleSteps<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int width = TLanes.Width;
        int stride = 2 * width;
        int row = cols * stride;
        TVector mask = TLanes.LowNibbles;
        int p = start;
        for (; p + (2 * width) <= end; p += 2 * width)
        {
            TVector a0 = default, a1 = default, a2 = default, a3 = default;
            TVector b0 = default, b1 = default, b2 = default, b3 = default;
            byte* t = tables;
            for (int c = 0; c < cols; c++, t += stride)
            {
                byte* source = inputs[c] + p;
                if (TStore.Streaming)
                {
                    Sse.Prefetch0(source + IStoreMode.PrefetchDistance);
                }

                TVector x = TLanes.Load(source), y = TLanes.Load(source + width);
                TVector xLo = TLanes.And(x, mask), xHi = TLanes.And(TLanes.ShiftRight4(x), mask);
                TVector yLo = TLanes.And(y, mask), yHi = TLanes.And(TLanes.ShiftRight4(y), mask);
                TVector lo = TLanes.Load(t), hi = TLanes.Load(t + width);
                a0 = TLanes.Xor(a0, TLanes.Lookup(lo, xLo), TLanes.Lookup(hi, xHi));
                b0 = TLanes.Xor(b0, TLanes.Lookup(lo, yLo), TLanes.Lookup(hi, yHi));
                if (TRows.Value > 1)
                {
                    lo = TLanes.Load(t + row);
                    hi = TLanes.Load(t + row + width);
                    a1 = TLanes.Xor(a1, TLanes.Lookup(lo, xLo), TLanes.Lookup(hi, xHi));
                    b1 = TLanes.Xor(b1, TLanes.Lookup(lo, yLo), TLanes.Lookup(hi, yHi));
                }

                if (TRows.Value > 2)
                {
                    lo = TLanes.Load(t + (2 * row));
                    hi = TLanes.Load(t + (2 * row) + width);
                    a2 = TLanes.Xor(a2, TLanes.Lookup(lo, xLo), TLanes.Lookup(hi, xHi));
                    b2 = TLanes.Xor(b2, TLanes.Lookup(lo, yLo), TLanes.Lookup(hi, yHi));
                }

                if (TRows.Value > 3)
                {
                    lo = TLanes.Load(t + (3 * row));
                    hi = TLanes.Load(t + (3 * row) + width);
                    a3 = TLanes.Xor(a3, TLanes.Lookup(lo, xLo), TLanes.Lookup(hi, xHi));
                    b3 = TLanes.Xor(b3, TLanes.Lookup(lo, yLo), TLanes.Lookup(hi, yHi));
                }
            }

            Store<TStore>(outputs[0] + p, a0);
            Store<TStore>(outputs[0] + p + width, b0);
            if (TRows.Value > 1)
            {
                Store<TStore>(outputs[1] + p, a1);
                Store<TStore>(outputs[1] + p + width, b1);
            }

            if (TRows.Value > 2)
            {
                Store<TStore>(outputs[2] + p, a2);
                Store<TStore>(outputs[2] + p + width, b2);
            }

            if (TRows.Value > 3)
            {
                Store<TStore>(outputs[3] + p, a3);
                Store<TStore>(outputs[3] + p + width, b3);
            }
        }

        return p;
    }

    /// <summary>One vector per input at offset <paramref name="p"/>.</summary>
    private static void SingleStep<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int p)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int width = TLanes.Width;
        int stride = 2 * width;
        int row = cols * stride;
        TVector mask = TLanes.LowNibbles;
        TVector a0 = default, a1 = default, a2 = default, a3 = default;
        byte* t = tables;
        for (int c = 0; c < cols; c++, t += stride)
        {
            TVector x = TLanes.Load(inputs[c] + p);
            TVector xLo = TLanes.And(x, mask), xHi = TLanes.And(TLanes.ShiftRight4(x), mask);
            a0 = TLanes.Xor(a0, TLanes.Lookup(TLanes.Load(t), xLo), TLanes.Lookup(TLanes.Load(t + width), xHi));
            if (TRows.Value > 1)
            {
                a1 = TLanes.Xor(a1, TLanes.Lookup(TLanes.Load(t + row), xLo), TLanes.Lookup(TLanes.Load(t + row + width), xHi));
            }

            if (TRows.Value > 2)
            {
                a2 = TLanes.Xor(a2, TLanes.Lookup(TLanes.Load(t + (2 * row)), xLo), TLanes.Lookup(TLanes.Load(t + (2 * row) + width), xHi));
            }

            if (TRows.Value > 3)
            {
                a3 = TLanes.Xor(a3, TLanes.Lookup(TLanes.Load(t + (3 * row)), xLo), TLanes.Lookup(TLanes.Load(t + (3 * row) + width), xHi));
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
