using Archive.Codec.Compression;

namespace Archive.Grid.Writing;

/// <summary>
/// An object to store. <see cref="Content"/> must be readable and seekable (a spool file); the
/// writer reads it twice (hash, then code) and never holds more than one part in memory.
/// </summary>
/// <param name="ObjectName">The object's name, e.g. its SOP Instance UID (≤ 256 bytes UTF-8).</param>
/// <param name="PartitionKey">Catalog partition, e.g. the Study Instance UID (≤ 256 bytes UTF-8).</param>
/// <param name="Attributes">Opaque catalog attributes stored in the manifest (≤ 64 KiB).</param>
/// <param name="Pixels">Where 16-bit pixel data sits in the object, for the byte-plane transform.</param>
public sealed record GridWriteRequest(
    string ObjectName,
    string PartitionKey,
    Stream Content,
    ReadOnlyMemory<byte> Attributes,
    PixelRegion? Pixels = null);
