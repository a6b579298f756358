using Archive.Storage.Primitives;

namespace Archive.Storage.Indexing;

/// <summary>
/// Index writes applied atomically by <see cref="IShardIndex.Commit"/>, in order. Built by one
/// thread, then handed over; not thread-safe.
/// </summary>
public sealed class IndexBatch
{
    private readonly List<IndexOperation> _operations = [];

    /// <summary>Operations in the order they were added.</summary>
    public IReadOnlyList<IndexOperation> Operations => _operations;

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _operations.Count == 0;

    /// <summary>Adds or replaces a shard entry.</summary>
    public IndexBatch PutShard(ShardKey key, ShardLocation location)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.PutShard, Shard: key, Location: location));
        return this;
    }

    /// <summary>Removes a shard entry.</summary>
    public IndexBatch DeleteShard(ShardKey key)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.DeleteShard, Shard: key));
        return this;
    }

    /// <summary>Stores an encoded manifest.</summary>
    public IndexBatch PutManifest(ObjectKey key, byte[] manifest)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.PutManifest, Object: key, Manifest: manifest));
        return this;
    }

    /// <summary>Removes a manifest.</summary>
    public IndexBatch DeleteManifest(ObjectKey key)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.DeleteManifest, Object: key));
        return this;
    }

    /// <summary>Sets a segment checkpoint.</summary>
    public IndexBatch SetCheckpoint(DiskId disk, ulong segmentId, long indexedLength)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.SetCheckpoint, Checkpoint: new SegmentCheckpoint(disk, segmentId, indexedLength)));
        return this;
    }

    /// <summary>Removes a segment checkpoint.</summary>
    public IndexBatch DeleteCheckpoint(DiskId disk, ulong segmentId)
    {
        _operations.Add(new IndexOperation(IndexOperationKind.DeleteCheckpoint, Checkpoint: new SegmentCheckpoint(disk, segmentId, 0)));
        return this;
    }
}
