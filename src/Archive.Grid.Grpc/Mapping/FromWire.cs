using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Contracts.V1;
using Archive.Grid.Manifests;
using Archive.Grid.Repair;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Google.Protobuf;

namespace Archive.Grid.Grpc.Mapping;

/// <summary>
/// Proto → domain, the only direction this class knows (<see cref="ToWire"/> is the other). Every
/// length and enum from the wire is checked; a malformed message throws
/// <see cref="InvalidDataException"/> (INVALID_ARGUMENT through <see cref="Errors.RpcErrorMap"/>). Pure.
/// </summary>
public static class FromWire
{
    public static ObjectKey ObjectKey(ObjectKeyMessage? message)
    {
        if (message is null)
        {
            throw new InvalidDataException("object key missing");
        }

        return new ObjectKey(ObjectId(message.ObjectId), message.Version);
    }

    public static ObjectId ObjectId(ByteString bytes) =>
        bytes.Length == Storage.Primitives.ObjectId.Size
            ? Storage.Primitives.ObjectId.Read(bytes.Span)
            : throw new InvalidDataException($"an object id is {Storage.Primitives.ObjectId.Size} bytes, got {bytes.Length}");

    public static ShardKey ShardKey(ShardKeyMessage? message)
    {
        if (message is null)
        {
            throw new InvalidDataException("shard key missing");
        }

        return message.ShardIndex <= ushort.MaxValue
            ? new ShardKey(ObjectKey(message.Object), (ushort)message.ShardIndex)
            : throw new InvalidDataException("shard index out of range");
    }

    public static ShardStatus Status(ShardStatusCode code) =>
        Enum.IsDefined((ShardStatus)(int)code) ? (ShardStatus)(int)code : throw new InvalidDataException($"unknown shard status {(int)code}");

    public static Sha256Digest Sha256(ByteString bytes) =>
        bytes.Length == Sha256Digest.Length ? new Sha256Digest(bytes.Span) : throw new InvalidDataException("a SHA-256 is 32 bytes");

    public static ObjectManifest Manifest(StorageManifestMessage? message)
    {
        if (message is null)
        {
            throw new InvalidDataException("manifest missing");
        }

        if (message.DataShards is 0 or > byte.MaxValue || message.ParityShards > byte.MaxValue || message.BlockSize <= 0
            || !Enum.IsDefined((ChecksumAlgorithm)message.BlockChecksum))
        {
            throw new InvalidDataException("manifest fields out of range");
        }

        return new ObjectManifest(
            ObjectKey(message.Key),
            message.ObjectLength,
            Sha256(message.Sha256),
            message.StorageClass,
            (byte)message.DataShards,
            (byte)message.ParityShards,
            message.BlockSize,
            (ChecksumAlgorithm)message.BlockChecksum,
            DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAtUnixMs),
            message.Attributes.ToByteArray());
    }

    public static ShardInfo ShardInfo(ShardInfoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ShardInfo(ShardKey(message.Key), Disk(message.DiskId) ?? default, message.Length, (ShardState)message.State);
    }

    /// <summary>A disk label id in its 32-hex-digit form; null for empty.</summary>
    public static DiskId? Disk(string text) =>
        string.IsNullOrEmpty(text) ? null
        : Guid.TryParseExact(text, "N", out var guid) ? new DiskId(guid)
        : throw new InvalidDataException("a disk id is 32 hexadecimal digits");

    public static DiskHealth DiskHealth(DiskHealthMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new DiskHealth(message.Root, Disk(message.DiskId), (DiskState)message.State, (DiskRefusalReason)message.Refusal,
            string.IsNullOrEmpty(message.Failure) ? null : message.Failure, message.FreeBytes, string.IsNullOrEmpty(message.SharedFilesystem) ? null : message.SharedFilesystem);
    }

    /// <summary>A grid manifest from its persisted form; its own checksum is verified.</summary>
    public static GridManifest GridManifest(ByteString bytes) => GridManifestCodec.Decode(bytes.Span);

    public static RepairItem RepairItem(RepairItemMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new RepairItem(message.PartitionKey, message.ObjectName, Sha256(message.Sha256), message.PartIndex,
            [.. message.ShardIndices], message.SurvivingShards, (RepairReason)message.Reason,
            string.IsNullOrEmpty(message.NodeId) ? null : message.NodeId);
    }
}
