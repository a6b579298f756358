using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;

namespace Archive.Storage.Recovery;

/// <summary>
/// Replays scanned records into index batches. When two records of one shard key meet (a shard
/// rewritten by repair on another disk, a compaction copy whose source survived a crash, a tombstone),
/// the one with the larger record sequence wins whatever the scan order; equal sequences (a compaction
/// copy and its source, or two v1.0 records, which carry none) fall back to scan order, the later
/// winning. A tombstone removes the entry and, when it was the object's last shard here, its manifest.
/// Shared by start-up recovery (one applier across all disks) and the offline rebuild. Not thread-safe.
/// </summary>
internal sealed class IndexApplier
{
    private const int FlushEvery = 1024;
    private readonly IShardIndex _index;
    private readonly IReadOnlyDictionary<DiskId, DataDisk> _disks;
    private readonly HashSet<ObjectKey> _tombstoned = [];
    private readonly Dictionary<ShardKey, ulong> _pendingPuts = [];
    private readonly Dictionary<ShardKey, ulong> _deletedAt = [];
    private IndexBatch _batch = new();
    private int _pending;

    /// <param name="index">The index written.</param>
    /// <param name="disks">Every disk of the node (to read the sequence of the record an entry already points at).</param>
    public IndexApplier(IShardIndex index, IReadOnlyDictionary<DiskId, DataDisk> disks)
    {
        _index = index;
        _disks = disks;
    }

    /// <summary>Records applied so far (superseded ones excluded).</summary>
    public int Applied { get; private set; }

    /// <summary>Records skipped because a newer record of their key was already applied.</summary>
    public int Superseded { get; private set; }

    /// <summary>Largest record sequence seen (applied or not).</summary>
    public ulong HighestSequence { get; private set; }

    public void Apply(DiskId disk, ulong segmentId, ScannedRecord record)
    {
        var key = record.Header.Key;
        ulong sequence = record.Header.Sequence;
        HighestSequence = Math.Max(HighestSequence, sequence);
        if (NewestKnown(key) is { } newest && sequence < newest)
        {
            Superseded++;
            return;
        }

        if (record.Header.Kind == RecordKind.Tombstone)
        {
            _batch.DeleteShard(key);
            _pendingPuts.Remove(key);
            _deletedAt[key] = sequence;
            _tombstoned.Add(key.Object);
        }
        else
        {
            _batch.PutShard(key, ShardLocation.FromHeader(disk, segmentId, record.Offset, record.Header));
            _batch.PutManifest(key.Object, record.Manifest);
            _pendingPuts[key] = sequence;
            _deletedAt.Remove(key);
            _tombstoned.Remove(key.Object);
        }

        Applied++;
        if (++_pending >= FlushEvery)
        {
            Flush();
        }
    }

    /// <summary>
    /// A damaged record whose header still reads: indexed as <see cref="ShardState.Corrupt"/> where it lies, unless a
    /// copy as new or newer is known, so the scrub reports it and repair rebuilds it (an index rebuilt from the disks
    /// would otherwise not know the shard was ever there).
    /// </summary>
    public void ApplyDamaged(DiskId disk, ulong segmentId, DamagedRecord damaged)
    {
        if (damaged.Header is not { Kind: RecordKind.Shard } header || (NewestKnown(header.Key) is { } newest && newest >= header.Sequence))
        {
            return;
        }

        _batch.PutShard(header.Key, ShardLocation.FromHeader(disk, segmentId, damaged.Offset, header) with { State = ShardState.Corrupt });
        _pendingPuts[header.Key] = header.Sequence;
        Applied++;
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
        _pendingPuts.Clear();
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

    /// <summary>
    /// Sequence of the newest record of <paramref name="key"/> applied so far: a put in this batch, a
    /// tombstone of this run, or the record the index points at (its header read from disk). Null when
    /// nothing is known of the key. An unreadable record counts as sequence 0 (anything replaces it).
    /// </summary>
    private ulong? NewestKnown(ShardKey key)
    {
        ulong? newest = _deletedAt.TryGetValue(key, out ulong deleted) ? deleted : null;
        if (_pendingPuts.TryGetValue(key, out ulong put))
        {
            return Math.Max(put, newest ?? 0);
        }

        if (_index.TryGetShard(key, out var location))
        {
            return Math.Max(SequenceAt(key, location), newest ?? 0);
        }

        return newest;
    }

    private ulong SequenceAt(ShardKey key, ShardLocation location)
    {
        Span<byte> bytes = stackalloc byte[ShardRecordFormat.HeaderLength];
        try
        {
            return _disks.TryGetValue(location.Disk, out var disk)
                && disk.Readers.TryReadExactly(location.SegmentId, location.Offset, bytes)
                && ShardRecordHeader.TryRead(bytes, out var header) == RecordStatus.Valid
                && header.Key == key
                    ? header.Sequence
                    : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
