using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Storage.Recovery;

/// <summary>
/// Checks every inventory entry against the files: an entry whose disk is absent, whose segment is
/// gone or shorter than the record is flagged <see cref="ShardState.Missing"/> (for repair); a
/// Missing entry whose record is back (a disk remounted) becomes Live again. Not thread-safe; runs at start.
/// </summary>
internal static class IndexReconciler
{
    /// <summary>
    /// Returns how many entries are flagged Missing after the pass, those of them on disks among <paramref name="disks"/>
    /// (their records gone: a segment deleted or cut while the node was down), and the disks entries point at that are
    /// not among <paramref name="disks"/> (lost: no configured directory carries them).
    /// </summary>
    public static (int Missing, IReadOnlyList<ShardKey> MissingOnPresentDisks, IReadOnlyDictionary<DiskId, long> AbsentDisks) Reconcile(IShardIndex index, IReadOnlyDictionary<DiskId, DataDisk> disks, ILogger logger)
    {
        var absent = new Dictionary<DiskId, long>();
        var missingOnPresent = new List<ShardKey>();
        var lengths = new Dictionary<(DiskId, ulong), long>();
        var batch = new IndexBatch();
        int missing = 0;
        foreach (var entry in index.EnumerateShards())
        {
            var location = entry.Location;
            if (!disks.ContainsKey(location.Disk))
            {
                absent[location.Disk] = absent.GetValueOrDefault(location.Disk) + 1;
            }

            var key = (location.Disk, location.SegmentId);
            if (!lengths.TryGetValue(key, out long length))
            {
                length = disks.TryGetValue(location.Disk, out var disk) && disk.IsHealthy && File.Exists(disk.SegmentPath(location.SegmentId))
                    ? new FileInfo(disk.SegmentPath(location.SegmentId)).Length
                    : -1;
                lengths[key] = length;
            }

            bool present = length >= location.End;
            if (!present)
            {
                missing++;
                if (disks.ContainsKey(location.Disk))
                {
                    missingOnPresent.Add(entry.Key);
                }

                if (location.State != ShardState.Missing)
                {
                    logger.MissingRecord(entry.Key, location.Disk);
                    batch.PutShard(entry.Key, location with { State = ShardState.Missing });
                }
            }
            else if (location.State == ShardState.Missing)
            {
                batch.PutShard(entry.Key, location with { State = ShardState.Live });
            }
        }

        if (!batch.IsEmpty)
        {
            index.Commit(batch, durable: true);
        }

        return (missing, missingOnPresent, absent);
    }
}
