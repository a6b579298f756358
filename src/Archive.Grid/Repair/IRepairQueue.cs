namespace Archive.Grid.Repair;

/// <summary>
/// The durable list of what is below full redundancy. Fed by the writer (missed shards and
/// manifest replicas), readers (bad blocks), the scrubber and anti-entropy; drained by repair.
/// An enqueue returns only when the item is durable. Thread-safe.
/// </summary>
public interface IRepairQueue
{
    ValueTask EnqueueAsync(RepairItem item, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> items, fewest surviving shards first.</summary>
    ValueTask<IReadOnlyList<RepairItem>> PeekAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Removes an item once repaired (idempotent).</summary>
    ValueTask CompleteAsync(RepairItem item, CancellationToken cancellationToken = default);

    /// <summary>How many items wait.</summary>
    long Count { get; }
}

/// <summary>Why an item is queued. Persisted: explicit values, never renumber.</summary>
public enum RepairReason
{
    /// <summary>A write reached quorum without this shard.</summary>
    MissedOnWrite = 1,

    /// <summary>A read found the shard missing or a block bad.</summary>
    BadOnRead = 2,

    /// <summary>The scrubber found a bad block.</summary>
    BadOnScrub = 3,

    /// <summary>Anti-entropy found the shard absent where the manifest says it lives.</summary>
    MissingOnCheck = 4,

    /// <summary>A catalog replica did not take the manifest.</summary>
    ManifestReplicaMissed = 5,
}

/// <summary>
/// One object part (or manifest) to repair: which object version, which part and shards, and how
/// many shards survive (repair takes the fewest-survivors first).
/// </summary>
/// <param name="PartIndex">-1 for a manifest replica item.</param>
/// <param name="ShardIndices">Shards to rebuild; for a manifest item, empty.</param>
/// <param name="NodeId">For a manifest item, the replica node that missed it.</param>
public sealed record RepairItem(
    string PartitionKey,
    string ObjectName,
    Codec.Fixity.Sha256Digest Sha256,
    int PartIndex,
    IReadOnlyList<int> ShardIndices,
    int SurvivingShards,
    RepairReason Reason,
    string? NodeId = null)
{
    /// <summary>
    /// A 64-bit digest of the object version (partition, name, content hash), the same on every node: an operator's
    /// tool asking every node counts an object several nodes queued once.
    /// </summary>
    public ulong ObjectDigest()
    {
        var hash = new System.IO.Hashing.XxHash64();
        hash.Append(System.Text.Encoding.UTF8.GetBytes(PartitionKey));
        hash.Append([0]);
        hash.Append(System.Text.Encoding.UTF8.GetBytes(ObjectName));
        hash.Append([0]);
        hash.Append(Sha256.Bytes);
        return hash.GetCurrentHashAsUInt64();
    }
}
