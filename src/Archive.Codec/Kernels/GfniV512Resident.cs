using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>
/// GFNI-512 loops for small matrices (up to <see cref="MaxRows"/> outputs of up to <see cref="MaxCols"/>
/// inputs, e.g. RS(4,2) encode and every RS(4,2) reconstruct): every coefficient matrix is loaded into a
/// register once per call, the input and output pointers are hoisted out of the loop, and each step loads
/// two vectors of every input once and finishes both outputs from them. The general loop instead reloads
/// the matrices and the shard pointers for every input of every step, which is what bounds it when k and m
/// are small and the data sits in L2.
/// </summary>
internal static unsafe class GfniV512Resident
{
    /// <summary>Most outputs the resident loops handle.</summary>
    public const int MaxRows = 2;

    /// <summary>Most inputs the resident loops handle.</summary>
    public const int MaxCols = 4;

    private const int Width = 64;

    /// <summary>Whether a group of <paramref name="rows"/> outputs over <paramref name="cols"/> inputs fits in registers.</summary>
    public static bool Fits(int rows, int cols) => rows <= MaxRows && cols <= MaxCols;

    /// <summary>See <c>GfKernel.RunGroup</c>; requires <see cref="Fits"/>.</summary>
    public static void RunGroup<TStore>(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TStore : struct, IStoreMode
    {
        if (rows == 1)
        {
            RunGroup<Rows1, TStore>(cols, tables, inputs, outputs, start, end);
        }
        else
        {
            RunGroup<Rows2, TStore>(cols, tables, inputs, outputs, start, end);
        }
    }

    private static void RunGroup<TRows, TStore>(int cols, byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        switch (cols)
        {
            case 1: Loop<TRows, Rows1, TStore>(tables, inputs, outputs, start, end); break;
            case 2: Loop<TRows, Rows2, TStore>(tables, inputs, outputs, start, end); break;
            case 3: Loop<TRows, Rows3, TStore>(tables, inputs, outputs, start, end); break;
            default: Loop<TRows, Rows4, TStore>(tables, inputs, outputs, start, end); break;
        }
    }

    /// <summary>[start, end) in steps of two vectors, then one vector; end - start is a multiple of 64.</summary>
    private static void Loop<TRows, TCols, TStore>(byte* tables, byte** inputs, byte** outputs, int start, int end)
        where TRows : struct, IRowCount
        where TCols : struct, IRowCount
        where TStore : struct, IStoreMode
    {
        int row = TCols.Value * Width;
        Vector512<byte> m00 = Matrix<TCols>(tables, 0), m01 = Matrix<TCols>(tables, 1);
        Vector512<byte> m02 = Matrix<TCols>(tables, 2), m03 = Matrix<TCols>(tables, 3);
        Vector512<byte> m10 = default, m11 = default, m12 = default, m13 = default;
        if (TRows.Value > 1)
        {
            m10 = Matrix<TCols>(tables + row, 0);
            m11 = Matrix<TCols>(tables + row, 1);
            m12 = Matrix<TCols>(tables + row, 2);
            m13 = Matrix<TCols>(tables + row, 3);
        }

        byte* i0 = inputs[0];
        byte* i1 = TCols.Value > 1 ? inputs[1] : i0;
        byte* i2 = TCols.Value > 2 ? inputs[2] : i0;
        byte* i3 = TCols.Value > 3 ? inputs[3] : i0;
        byte* o0 = outputs[0];
        byte* o1 = TRows.Value > 1 ? outputs[1] : o0;

        int p = start;
        for (; p + (2 * Width) <= end; p += 2 * Width)
        {
            if (TStore.Streaming)
            {
                Prefetch<TCols>(i0, i1, i2, i3, p + IStoreMode.PrefetchDistance);
                Prefetch<TCols>(i0, i1, i2, i3, p + IStoreMode.PrefetchDistance + Width);
            }

            int q = p + Width;
            Vector512<byte> a0 = Load(i0, p), a1 = Load<TCols>(i1, p, 1), a2 = Load<TCols>(i2, p, 2), a3 = Load<TCols>(i3, p, 3);
            Vector512<byte> b0 = Load(i0, q), b1 = Load<TCols>(i1, q, 1), b2 = Load<TCols>(i2, q, 2), b3 = Load<TCols>(i3, q, 3);
            GfniV512Kernel.Store<TStore>(Dot<TCols>(a0, a1, a2, a3, m00, m01, m02, m03), o0 + p);
            GfniV512Kernel.Store<TStore>(Dot<TCols>(b0, b1, b2, b3, m00, m01, m02, m03), o0 + q);
            if (TRows.Value > 1)
            {
                GfniV512Kernel.Store<TStore>(Dot<TCols>(a0, a1, a2, a3, m10, m11, m12, m13), o1 + p);
                GfniV512Kernel.Store<TStore>(Dot<TCols>(b0, b1, b2, b3, m10, m11, m12, m13), o1 + q);
            }
        }

        if (p < end)
        {
            Vector512<byte> a0 = Load(i0, p), a1 = Load<TCols>(i1, p, 1), a2 = Load<TCols>(i2, p, 2), a3 = Load<TCols>(i3, p, 3);
            GfniV512Kernel.Store<TStore>(Dot<TCols>(a0, a1, a2, a3, m00, m01, m02, m03), o0 + p);
            if (TRows.Value > 1)
            {
                GfniV512Kernel.Store<TStore>(Dot<TCols>(a0, a1, a2, a3, m10, m11, m12, m13), o1 + p);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Matrix<TCols>(byte* rowTables, int col)
        where TCols : struct, IRowCount =>
        col < TCols.Value ? Vector512.Load(rowTables + (col * Width)) : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Load(byte* input, int p) => Vector512.Load(input + p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Load<TCols>(byte* input, int p, int col)
        where TCols : struct, IRowCount =>
        col < TCols.Value ? Vector512.Load(input + p) : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch<TCols>(byte* i0, byte* i1, byte* i2, byte* i3, int p)
        where TCols : struct, IRowCount
    {
        Sse.Prefetch0(i0 + p);
        if (TCols.Value > 1)
        {
            Sse.Prefetch0(i1 + p);
        }

        if (TCols.Value > 2)
        {
            Sse.Prefetch0(i2 + p);
        }

        if (TCols.Value > 3)
        {
            Sse.Prefetch0(i3 + p);
        }
    }

    /// <summary>Σ m_c·x_c over the first TCols inputs; three products fold with one VPTERNLOGD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Dot<TCols>(
        Vector512<byte> x0, Vector512<byte> x1, Vector512<byte> x2, Vector512<byte> x3,
        Vector512<byte> m0, Vector512<byte> m1, Vector512<byte> m2, Vector512<byte> m3)
        where TCols : struct, IRowCount
    {
        Vector512<byte> p0 = Mul(x0, m0);
        if (TCols.Value == 1)
        {
            return p0;
        }

        if (TCols.Value == 2)
        {
            return p0 ^ Mul(x1, m1);
        }

        Vector512<byte> sum = Avx512F.TernaryLogic(p0, Mul(x1, m1), Mul(x2, m2), 0x96);
        return TCols.Value == 3 ? sum : sum ^ Mul(x3, m3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Mul(Vector512<byte> x, Vector512<byte> matrix) =>
        Gfni.V512.GaloisFieldAffineTransform(x, matrix, 0);
}
