using Archive.Codec.Compression;
using Archive.Codec.Fixity;

namespace Archive.Grid.Writing;

/// <summary>
/// An object to store. <see cref="Content"/> must be readable and seekable (a spool); the writer
/// never holds more than one part of it in memory. When the caller hashed the bytes as they arrived
/// it passes <see cref="ContentSha256"/> and the writer reads them once; otherwise it hashes first.
/// </summary>
/// <param name="ObjectName">The object's name, e.g. its SOP Instance UID (≤ 256 bytes UTF-8).</param>
/// <param name="PartitionKey">Catalog partition, e.g. the Study Instance UID (≤ 256 bytes UTF-8).</param>
/// <param name="Attributes">Opaque catalog attributes stored in the manifest (≤ 64 KiB).</param>
/// <param name="Pixels">Where 16-bit pixel data sits in the object, for the byte-plane transform.</param>
/// <param name="ContentSha256">The SHA-256 of all of <see cref="Content"/>, when already known.</param>
/// <param name="OverExisting">
/// Looks at the versions already stored under the name (oldest first, never empty) before anything is written or
/// called a duplicate: the write is refused (<see cref="GridWriteStatus.RefusedByExistingVersion"/>), goes on with
/// other attributes (a new version keeps what the caller says it must), or goes on as asked.
/// </param>
/// <param name="RecheckContent">
/// The content lives where it could change after its SHA-256 was taken (a spool file): the writer hashes the bytes it
/// encodes and, when they differ, keeps nothing (<see cref="GridWriteStatus.ContentChanged"/>),
/// so an acknowledgement always means the stored bytes are the ones received.
/// </param>
public sealed record GridWriteRequest(
    string ObjectName,
    string PartitionKey,
    Stream Content,
    ReadOnlyMemory<byte> Attributes,
    PixelRegion? Pixels = null,
    Sha256Digest? ContentSha256 = null,
    Func<IReadOnlyList<Manifests.GridManifest>, VersionsVerdict>? OverExisting = null,
    bool RecheckContent = false);

/// <summary>What a write does given the versions already stored (<see cref="GridWriteRequest.OverExisting"/>).</summary>
/// <param name="Refusal">Why it is refused; null to go on.</param>
/// <param name="Attributes">The attributes a new version carries instead of the request's; null for the request's.</param>
public readonly record struct VersionsVerdict(string? Refusal = null, ReadOnlyMemory<byte>? Attributes = null);
