using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>Result of a put: the status and, when stored, the disk that holds the shard.</summary>
public readonly record struct PutOutcome(ShardStatus Status, DiskId Disk = default)
{
    /// <summary>True when the shard is durable.</summary>
    public bool IsStored => Status == ShardStatus.Ok;
}
