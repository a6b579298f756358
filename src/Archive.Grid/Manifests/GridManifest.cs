using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;

namespace Archive.Grid.Manifests;

/// <summary>
/// What the grid knows of one version of one object: identity, fixity, how it is made redundant
/// and where every shard of every part lives. Committed to the object's catalog partition
/// replicas after its shards are durable, and copied into every shard record so that the disks
/// alone describe the grid. Immutable.
/// </summary>
/// <param name="ObjectId">Derived from the caller's object name (<see cref="Objects.ObjectIdentity"/>).</param>
/// <param name="ObjectName">The caller's name for the object (the SOP Instance UID for DICOM).</param>
/// <param name="PartitionKey">Which catalog partition holds the manifest (the Study Instance UID for DICOM).</param>
/// <param name="ObjectLength">Bytes of the object as received.</param>
/// <param name="Sha256">SHA-256 of the exact bytes received; a version is identified by it.</param>
/// <param name="StorageClass">Class name, e.g. <c>ec-4-2</c>.</param>
/// <param name="DataShards">k.</param>
/// <param name="ParityShards">m.</param>
/// <param name="BlockSize">Payload bytes per checksummed block inside a shard.</param>
/// <param name="Checksum">Block checksum algorithm.</param>
/// <param name="CreatedAt">When the version was accepted; versions are ordered by it.</param>
/// <param name="Parts">The object in parts, each erasure-coded on its own (bounded memory per write).</param>
/// <param name="Attributes">Opaque catalog attributes from the caller (DICOM keys), at most 64 KiB.</param>
public sealed record GridManifest(
    ObjectId ObjectId,
    string ObjectName,
    string PartitionKey,
    long ObjectLength,
    Sha256Digest Sha256,
    string StorageClass,
    int DataShards,
    int ParityShards,
    int BlockSize,
    ChecksumAlgorithm Checksum,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ObjectPart> Parts,
    ReadOnlyMemory<byte> Attributes)
{
    /// <summary>k + m.</summary>
    public int TotalShards => DataShards + ParityShards;
}

/// <summary>
/// One part of an object: <see cref="Length"/> bytes from <see cref="ObjectOffset"/>, stored
/// (possibly compressed to <see cref="StoredLength"/> bytes) as k + m shards under
/// <see cref="StorageKey"/>.
/// </summary>
/// <param name="StorageKey">The key the shard stores know this part by (<see cref="Objects.ObjectIdentity.PartKey"/>).</param>
/// <param name="Shards">Where shard i lives, for i in 0..k+m-1.</param>
public sealed record ObjectPart(
    ObjectKey StorageKey,
    long ObjectOffset,
    long Length,
    long StoredLength,
    bool Compressed,
    IReadOnlyList<ShardLocation> Shards);

/// <summary>A node and one of its disks.</summary>
public readonly record struct ShardLocation(string NodeId, string DiskId);
