namespace Archive.Codec.Compression;

/// <summary>
/// Where the caller knows 16-bit little-endian samples live inside the object (e.g. the value of an
/// uncompressed Pixel Data element with Bits Allocated 16). A hint only: the compressor keeps it when
/// it improves the ratio, and the original bytes always come back exactly.
/// </summary>
/// <param name="Offset">Object offset of the first sample.</param>
/// <param name="Length">Bytes of samples (an odd trailing byte is left untransformed).</param>
/// <param name="RowSamples">Samples per image row (Columns), used by the delta predictor; 0 = one long row.</param>
public readonly record struct PixelRegion(long Offset, long Length, int RowSamples);
