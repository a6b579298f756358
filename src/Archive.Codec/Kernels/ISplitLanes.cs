using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>
/// The vector operations of the split-table (PSHUFB) kernel at one register width. The kernel is generic
/// over a struct implementing this, so the JIT emits straight SSSE3 or AVX2 code for each width.
/// </summary>
internal unsafe interface ISplitLanes<TVector>
    where TVector : struct
{
    /// <summary>Bytes per vector; also the width of one nibble table (tables repeat per 128-bit lane).</summary>
    static abstract int Width { get; }

    static abstract TVector LowNibbles { get; }

    static abstract TVector Load(byte* source);

    static abstract void Store(byte* destination, TVector value);

    /// <summary>Non-temporal store; <paramref name="destination"/> must be aligned to <see cref="Width"/>.</summary>
    static abstract void StoreStreaming(byte* destination, TVector value);

    static abstract TVector And(TVector a, TVector b);

    /// <summary>Each byte shifted right by four (16-bit shift; callers mask the bits borrowed from the neighbour).</summary>
    static abstract TVector ShiftRight4(TVector value);

    /// <summary>PSHUFB: table[index] per byte within each 128-bit lane.</summary>
    static abstract TVector Lookup(TVector table, TVector index);

    static abstract TVector Xor(TVector a, TVector b, TVector c);
}

/// <summary>128-bit lanes: SSSE3.</summary>
internal readonly unsafe struct Lanes128 : ISplitLanes<Vector128<byte>>
{
    public static int Width => 16;

    public static Vector128<byte> LowNibbles => Vector128.Create((byte)0x0F);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Load(byte* source) => Sse2.LoadVector128(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* destination, Vector128<byte> value) => Sse2.Store(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(byte* destination, Vector128<byte> value) => Sse2.StoreAlignedNonTemporal(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> And(Vector128<byte> a, Vector128<byte> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ShiftRight4(Vector128<byte> value) => Sse2.ShiftRightLogical(value.AsUInt16(), 4).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Lookup(Vector128<byte> table, Vector128<byte> index) => Ssse3.Shuffle(table, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Xor(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c) => a ^ b ^ c;
}

/// <summary>256-bit lanes: AVX2 (VPSHUFB looks up within each 128-bit half, so tables are stored twice).</summary>
internal readonly unsafe struct Lanes256 : ISplitLanes<Vector256<byte>>
{
    public static int Width => 32;

    public static Vector256<byte> LowNibbles => Vector256.Create((byte)0x0F);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(byte* source) => Avx.LoadVector256(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(byte* destination, Vector256<byte> value) => Avx.Store(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStreaming(byte* destination, Vector256<byte> value) => Avx.StoreAlignedNonTemporal(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> And(Vector256<byte> a, Vector256<byte> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ShiftRight4(Vector256<byte> value) => Avx2.ShiftRightLogical(value.AsUInt16(), 4).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Lookup(Vector256<byte> table, Vector256<byte> index) => Avx2.Shuffle(table, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Xor(Vector256<byte> a, Vector256<byte> b, Vector256<byte> c) => a ^ b ^ c;
}
