using System.IO.Compression;

namespace Archive.Dicom.IO;

/// <summary>Switches for <see cref="DicomFileWriter"/>. Immutable.</summary>
public sealed record DicomWriteOptions
{
    /// <summary>Defaults: optimal deflate, flush every 1 MiB.</summary>
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Compression level for Deflated Explicit VR Little Endian.</summary>
    public CompressionLevel DeflateLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Bytes buffered before a streaming write flushes to the stream.</summary>
    public int FlushThreshold { get; init; } = 1024 * 1024;
}
