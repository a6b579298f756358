using Archive.Storage.Diagnostics;
using Archive.Storage.GroupCommit;
using Archive.Storage.Indexing;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Recovery;
using Archive.Storage.Segments;
using Archive.Storage.Store;

namespace Archive.Storage.Compaction;

/// <summary>
/// Reclaims the space of deleted and superseded records without ever risking the live copy:
/// live records of a sealed segment are appended again through group commit (durable), the index is
/// switched only where it still points at the old copy, the switch is synced, and only then is the
/// old file deleted (and its directory synced). Any failure leaves the old segment in place.
/// Tombstones of keys still deleted are carried over (a rebuild must still see them); tombstones of
/// keys put again since are dropped. One compaction per disk at a time.
/// </summary>
public sealed class SegmentCompactor
{
    private readonly LocalShardStore _store;

    /// <summary>Creates a compactor over <paramref name="store"/> (not owned).</summary>
    public SegmentCompactor(LocalShardStore store) => _store = store;

    /// <summary>Usage of every sealed segment of <paramref name="disk"/> (one pass over the inventory).</summary>
    public IReadOnlyList<SegmentUsage> GetUsage(DiskId disk)
    {
        if (!_store.TryGetDisk(disk, out var d) || _store.Appender(disk) is not { } appender)
        {
            return [];
        }

        var live = new Dictionary<ulong, long>();
        foreach (var entry in _store.Index.EnumerateShards())
        {
            if (entry.Location.Disk == disk)
            {
                live[entry.Location.SegmentId] = live.GetValueOrDefault(entry.Location.SegmentId) + entry.Location.RecordLength;
            }
        }

        return d.ListSegments().Where(s => s != appender.ActiveSegmentId)
            .Select(s => new SegmentUsage(s, new FileInfo(d.SegmentPath(s)).Length, live.GetValueOrDefault(s)))
            .ToList();
    }

    /// <summary>Compacts one sealed segment.</summary>
    public async Task<CompactionResult> CompactAsync(DiskId disk, ulong segmentId, CancellationToken cancellationToken = default)
    {
        if (!_store.TryGetDisk(disk, out var d) || !d.IsHealthy || _store.Appender(disk) is not { } appender || !File.Exists(d.SegmentPath(segmentId)))
        {
            return new CompactionResult(CompactionStatus.NotFound);
        }

        string path = d.SegmentPath(segmentId);
        if (segmentId == appender.ActiveSegmentId || !DiskRecovery.IsSealed(path))
        {
            return new CompactionResult(CompactionStatus.NotSealed);
        }

        var keep = new List<(ScannedRecord Record, ShardLocation? Expected)>();
        var scan = SegmentScanner.Scan(path, disk, 0, r =>
        {
            if (r.Header.Kind == RecordKind.Tombstone)
            {
                // A tombstone still matters only while the key is deleted; once the key was put again
                // the newer record supersedes older ones by log order, and replaying the tombstone
                // after it would delete it.
                if (!_store.Index.TryGetShard(r.Header.Key, out _))
                {
                    keep.Add((r, null));
                }
            }
            else if (_store.Index.TryGetShard(r.Header.Key, out var current) && current.Disk == disk && current.SegmentId == segmentId && current.Offset == r.Offset)
            {
                keep.Add((r, current));
            }
        });
        if (scan.HasInvalidTail || !scan.HeaderValid || scan.Damaged.Count > 0)
        {
            return new CompactionResult(CompactionStatus.SegmentCorrupt);
        }

        foreach (var (record, expected) in keep)
        {
            var bytes = new byte[record.Header.RecordLength];
            if (!d.Readers.TryReadExactly(segmentId, record.Offset, bytes))
            {
                return new CompactionResult(CompactionStatus.SegmentCorrupt);
            }

            var request = new AppendRequest(bytes, record.Header.Key, record.Header.Kind, record.Header.Kind == RecordKind.Shard ? record.Manifest : null, expected, relocation: true);
            var outcome = await appender.AppendAsync(request, cancellationToken).ConfigureAwait(false);
            if (outcome.Status is not (AppendStatus.Durable or AppendStatus.Superseded))
            {
                return new CompactionResult(CompactionStatus.CopyFailed);
            }
        }

        // Nothing may still point here; then make the switch durable before the old copy goes.
        if (_store.Index.EnumerateShards().Any(e => e.Location.Disk == disk && e.Location.SegmentId == segmentId))
        {
            return new CompactionResult(CompactionStatus.CopyFailed);
        }

        lock (_store.IndexGate)
        {
            _store.Index.Commit(new IndexBatch().SetCheckpoint(disk, segmentId, scan.ValidLength), durable: true);
        }

        if (!appender.TryDeleteSealedSegment(segmentId))
        {
            return new CompactionResult(CompactionStatus.NotSealed);
        }

        lock (_store.IndexGate)
        {
            _store.Index.Commit(new IndexBatch().DeleteCheckpoint(disk, segmentId), durable: false);
        }

        long reclaimed = scan.FileLength - keep.Sum(k => k.Record.Header.RecordLength);
        _store.Logger.Compacted(segmentId, disk, keep.Count, reclaimed);
        return new CompactionResult(CompactionStatus.Compacted, keep.Count, reclaimed);
    }
}
