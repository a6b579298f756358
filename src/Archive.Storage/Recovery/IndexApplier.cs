using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;

namespace Archive.Storage.Recovery;

/// <summary>
/// Replays scanned records into index batches, in segment order (a later record of a key wins; a
/// tombstone removes the entry and, when it was the object's last shard here, its manifest).
/// Shared by start-up recovery and the offline rebuild. Not thread-safe.
/// </summary>
internal sealed class IndexApplier
{
    private const int FlushEvery = 1024;
    private readonly IShardIndex _index;
    private readonly HashSet<ObjectKey> _tombstoned = [];
    private IndexBatch _batch = new();
    private int _pending;

    public IndexApplier(IShardIndex index) => _index = index;

    /// <summary>Records applied so far.</summary>
    public int Applied { get; private set; }

    public void Apply(DiskId disk, ulong segmentId, ScannedRecord record)
    {
        var key = record.Header.Key;
        if (record.Header.Kind == RecordKind.Tombstone)
        {
            _batch.DeleteShard(key);
            _tombstoned.Add(key.Object);
        }
        else
        {
            _batch.PutShard(key, ShardLocation.FromHeader(disk, segmentId, record.Offset, record.Header));
            _batch.PutManifest(key.Object, record.Manifest);
            _tombstoned.Remove(key.Object);
        }

        Applied++;
        if (++_pending >= FlushEvery)
        {
            Flush();
        }
    }

    /// <summary>Records how far a segment has been applied (flushed with the entries).</summary>
    public void Checkpoint(DiskId disk, ulong segmentId, long length)
    {
        _batch.SetCheckpoint(disk, segmentId, length);
        Flush();
    }

    /// <summary>Commits what is pending and drops manifests of objects left without shards.</summary>
    public void Flush()
    {
        if (!_batch.IsEmpty)
        {
            _index.Commit(_batch, durable: false);
            _batch = new IndexBatch();
        }

        _pending = 0;
        if (_tombstoned.Count == 0)
        {
            return;
        }

        var cleanup = new IndexBatch();
        foreach (var key in _tombstoned)
        {
            if (!_index.EnumerateShards(key.Id).Any(e => e.Key.Object == key))
            {
                cleanup.DeleteManifest(key);
            }
        }

        _tombstoned.Clear();
        if (!cleanup.IsEmpty)
        {
            _index.Commit(cleanup, durable: false);
        }
    }
}
