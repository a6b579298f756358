namespace Archive.Codec.Compression;

/// <summary>What a compressed container holds. Persisted: values are frozen by golden tests.</summary>
public enum CompressionTransform : byte
{
    /// <summary>The original bytes, uncompressed (compression did not save more than 10%).</summary>
    Stored = 0,

    /// <summary>zstd of the original bytes.</summary>
    Zstd = 1,

    /// <summary>zstd of the bytes with one 16-bit region split into a high-byte plane then a low-byte plane.</summary>
    BytePlaneZstd = 2,

    /// <summary>As <see cref="BytePlaneZstd"/>, but samples are first replaced by their difference from the left
    /// neighbour (from the sample above at the start of a row), modulo 2^16.</summary>
    BytePlaneDeltaZstd = 3,
}
