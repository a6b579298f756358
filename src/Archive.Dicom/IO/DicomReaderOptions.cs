using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Limits and switches for the reader. Every length read from the input is checked against these
/// before anything is allocated or awaited. Immutable; share one instance freely.
/// </summary>
public sealed record DicomReaderOptions
{
    /// <summary>Defaults suited to an archive ingesting anything a modality sends (1 GB multi-frame objects included).</summary>
    public static DicomReaderOptions Default { get; } = new();

    /// <summary>Largest value (or fragment) accepted, in bytes. Default 2 GiB − 1 (the most an array holds).</summary>
    public long MaxElementLength { get; init; } = Array.MaxLength;

    /// <summary>Deepest sequence nesting accepted (top level is 0). Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most items in one sequence, and most fragments in one Pixel Data element. Default 1,000,000.</summary>
    public int MaxItems { get; init; } = 1_000_000;

    /// <summary>
    /// Header-only reading: stop before the first top-level element whose tag is ≥ this one and
    /// report where it starts; null reads the whole dataset.
    /// </summary>
    public DicomTag? StopAtTag { get; init; }

    /// <summary>Most bytes a deflated dataset may inflate to when read from memory. Default 2 GiB − 1.</summary>
    public long MaxInflatedLength { get; init; } = Array.MaxLength;

    /// <summary>Size of reads from a <see cref="Stream"/>. Default 64 KiB.</summary>
    public int ReadBufferSize { get; init; } = 64 * 1024;

    /// <summary>Header-only variant of these options, stopping before Pixel Data (7FE0,0010).</summary>
    public DicomReaderOptions HeaderOnly() => this with { StopAtTag = DicomTag.PixelData };
}
