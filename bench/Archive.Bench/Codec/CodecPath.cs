namespace Archive.Bench.Codec;

/// <summary>What runs a benchmark: one of our kernels, or ISA-L's AVX2 / AVX-512 / dispatching entry point.</summary>
public enum CodecPath
{
    Scalar,
    Ssse3,
    Avx2,
    GfniV256,
    GfniV512,
    IsaLAvx2,
    IsaLAvx512,
    IsaLDispatch,
}
