namespace Archive.Codec.Kernels;

/// <summary>Implementation of the GF(2^8) matrix–vector kernel. Not persisted; values are for logs and metrics.</summary>
public enum KernelKind
{
    /// <summary>Portable table-lookup reference; every other path is tested against it.</summary>
    Scalar = 0,

    /// <summary>128-bit split nibble tables with PSHUFB (SSSE3).</summary>
    Ssse3 = 1,

    /// <summary>256-bit split nibble tables with VPSHUFB (AVX2).</summary>
    Avx2 = 2,

    /// <summary>256-bit GF2P8AFFINEQB with one 8×8 bit matrix per coefficient (GFNI + AVX).</summary>
    GfniV256 = 3,

    /// <summary>512-bit GF2P8AFFINEQB with ternary-logic accumulation (GFNI + AVX-512).</summary>
    GfniV512 = 4,
}
