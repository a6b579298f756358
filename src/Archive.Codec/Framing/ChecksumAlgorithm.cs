namespace Archive.Codec.Framing;

/// <summary>
/// Block checksum algorithm. Persisted in every block frame and manifest: the numeric values are
/// frozen (golden tests) and must never be renumbered or reused.
/// </summary>
public enum ChecksumAlgorithm : byte
{
    /// <summary>64-bit XXH3 (seed 0), stored as 8 little-endian bytes.</summary>
    XxHash3_64 = 1,

    /// <summary>128-bit XXH3 (seed 0), stored as 16 bytes, low 64 bits first, each little-endian.</summary>
    XxHash128 = 2,
}
