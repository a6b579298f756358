using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;

namespace Archive.Storage.Records;

/// <summary>
/// What describes an object version; every shard record carries a copy (<see cref="ManifestCodec"/>).
/// Immutable by contract: callers must not mutate <see cref="Attributes"/> after construction.
/// </summary>
/// <param name="Key">Object id and version.</param>
/// <param name="ObjectLength">Length in bytes of the object as received.</param>
/// <param name="Sha256">SHA-256 of the object's exact bytes (32 bytes).</param>
/// <param name="StorageClass">Storage class name, e.g. <c>ec-10-4</c> (ASCII, at most 64 characters).</param>
/// <param name="K">Data shard count.</param>
/// <param name="M">Parity shard count.</param>
/// <param name="BlockSize">Payload bytes per block inside a shard.</param>
/// <param name="BlockChecksum">Checksum algorithm of the block frames.</param>
/// <param name="CreatedAt">When the object version was accepted (millisecond precision).</param>
/// <param name="Attributes">DICOM key attributes, opaque to storage (at most <see cref="ManifestCodec.MaxAttributesLength"/>).</param>
public sealed record ObjectManifest(
    ObjectKey Key,
    long ObjectLength,
    Sha256Digest Sha256,
    string StorageClass,
    byte K,
    byte M,
    int BlockSize,
    ChecksumAlgorithm BlockChecksum,
    DateTimeOffset CreatedAt,
    byte[] Attributes);
