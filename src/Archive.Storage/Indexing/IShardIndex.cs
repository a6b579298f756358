using System.Diagnostics.CodeAnalysis;
using Archive.Storage.Primitives;

namespace Archive.Storage.Indexing;

/// <summary>
/// The node's index: shard inventory, manifests and segment checkpoints. Defined here (the lower
/// layer owns the seam), implemented by Archive.Index over RocksDB. It is never the only copy of
/// anything: every entry can be rebuilt from the segment files (<see cref="Recovery.IndexRebuilder"/>).
/// Implementations are thread-safe; <see cref="Commit"/> is atomic (all operations or none).
/// </summary>
public interface IShardIndex : IDisposable
{
    /// <summary>Looks up a shard.</summary>
    bool TryGetShard(ShardKey key, out ShardLocation location);

    /// <summary>Looks up an encoded manifest (<see cref="Records.ManifestCodec"/>).</summary>
    bool TryGetManifest(ObjectKey key, [NotNullWhen(true)] out byte[]? manifest);

    /// <summary>All shard entries ordered by key, or those of one object when <paramref name="objectId"/> is set.</summary>
    IEnumerable<ShardEntry> EnumerateShards(ObjectId? objectId = null);

    /// <summary>All segment checkpoints.</summary>
    IEnumerable<SegmentCheckpoint> EnumerateCheckpoints();

    /// <summary>
    /// Applies <paramref name="batch"/> atomically. With <paramref name="durable"/> the write is synced
    /// before returning (needed before deleting a segment); otherwise it may be lost by a power cut,
    /// which recovery repairs from the segments and checkpoints.
    /// </summary>
    void Commit(IndexBatch batch, bool durable);
}
