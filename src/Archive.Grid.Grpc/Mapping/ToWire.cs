using Archive.Contracts.V1;
using Archive.Grid.Manifests;
using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Google.Protobuf;

namespace Archive.Grid.Grpc.Mapping;

/// <summary>Domain → proto, the only direction this class knows (<see cref="FromWire"/> is the other). Pure.</summary>
public static class ToWire
{
    public static ObjectKeyMessage ObjectKey(ObjectKey key)
    {
        var id = new byte[Storage.Primitives.ObjectId.Size];
        key.Id.Write(id);
        return new ObjectKeyMessage { ObjectId = ByteString.CopyFrom(id), Version = key.Version };
    }

    public static ShardKeyMessage ShardKey(ShardKey key) => new() { Object = ObjectKey(key.Object), ShardIndex = key.ShardIndex };

    public static ByteString ObjectId(ObjectId id)
    {
        var bytes = new byte[Storage.Primitives.ObjectId.Size];
        id.Write(bytes);
        return ByteString.CopyFrom(bytes);
    }

    public static ShardStatusCode Status(ShardStatus status) => (ShardStatusCode)(int)status;

    public static StorageManifestMessage Manifest(ObjectManifest manifest) => new()
    {
        Key = ObjectKey(manifest.Key),
        ObjectLength = manifest.ObjectLength,
        Sha256 = ByteString.CopyFrom(manifest.Sha256.Bytes),
        StorageClass = manifest.StorageClass,
        DataShards = manifest.K,
        ParityShards = manifest.M,
        BlockSize = manifest.BlockSize,
        BlockChecksum = (int)manifest.BlockChecksum,
        CreatedAtUnixMs = manifest.CreatedAt.ToUnixTimeMilliseconds(),
        Attributes = ByteString.CopyFrom(manifest.Attributes),
    };

    public static ShardInfoMessage ShardInfo(ShardInfo info) => new()
    {
        Key = ShardKey(info.Key),
        DiskId = info.Disk.ToString(),
        Length = info.Length,
        State = (int)info.State,
    };

    public static DiskHealthMessage Disk(DiskHealth disk) => new()
    {
        Root = disk.Root,
        DiskId = disk.Disk?.ToString() ?? string.Empty,
        State = (int)disk.State,
        Refusal = (int)disk.Refusal,
        Failure = disk.Failure ?? string.Empty,
        FreeBytes = disk.FreeBytes,
        SharedFilesystem = disk.SharedFilesystem ?? string.Empty,
    };

    /// <summary>A grid manifest in its persisted form (<see cref="GridManifestCodec"/>).</summary>
    public static ByteString GridManifest(GridManifest manifest) => ByteString.CopyFrom(GridManifestCodec.Encode(manifest));

    public static RepairItemMessage RepairItem(RepairItem item)
    {
        var message = new RepairItemMessage
        {
            PartitionKey = item.PartitionKey,
            ObjectName = item.ObjectName,
            Sha256 = ByteString.CopyFrom(item.Sha256.Bytes),
            PartIndex = item.PartIndex,
            SurvivingShards = item.SurvivingShards,
            Reason = (int)item.Reason,
            NodeId = item.NodeId ?? string.Empty,
        };
        message.ShardIndices.AddRange(item.ShardIndices);
        return message;
    }
}
