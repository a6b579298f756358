using System.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Segments;

namespace Archive.Storage.Recovery;

/// <summary>
/// Recreates the whole index from the segment files alone (the disks are the truth, RocksDB is a
/// cache of them). Offline: nothing may write to the disks or the index meanwhile. Reads only; the
/// segment files are never modified (a torn tail is left for start-up recovery to cut).
/// </summary>
public static class IndexRebuilder
{
    /// <summary>
    /// Scans every segment of every disk in order and applies each valid record to <paramref name="index"/>,
    /// which should be empty; of two records of one shard key the one with the larger sequence wins. Reports progress about every 4 MiB scanned.
    /// </summary>
    public static RebuildReport Rebuild(IReadOnlyList<DataDisk> disks, IShardIndex index, IProgress<RebuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disks);
        var clock = Stopwatch.StartNew();
        var plan = disks.Select(d => (Disk: d, Segments: d.ListSegments())).ToList();
        long total = plan.Sum(p => p.Segments.Sum(s => new FileInfo(p.Disk.SegmentPath(s)).Length));
        var applier = new IndexApplier(index, disks.ToDictionary(d => d.Id));
        long scanned = 0, lastReported = 0;
        int segments = 0, invalid = 0;
        foreach (var (disk, ids) in plan)
        {
            foreach (ulong id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = SegmentScanner.Scan(disk.SegmentPath(id), disk.Id, 0, r => applier.Apply(disk.Id, id, r), n =>
                {
                    scanned += n;
                    if (scanned - lastReported >= 4 << 20)
                    {
                        lastReported = scanned;
                        progress?.Report(new RebuildProgress(scanned, total, applier.Applied, segments));
                    }
                });
                scanned += Math.Max(0, result.FileLength - result.ValidLength) + (result.HeaderValid ? SegmentHeader.Length : 0);
                invalid += result.HasInvalidTail || result.Damaged.Count > 0 ? 1 : 0;
                foreach (var damaged in result.Damaged)
                {
                    applier.ApplyDamaged(disk.Id, id, damaged);
                }

                if (result.HeaderValid)
                {
                    applier.Checkpoint(disk.Id, id, result.ValidLength);
                }

                segments++;
            }
        }

        applier.Flush();
        index.Commit(new IndexBatch(), durable: true);
        progress?.Report(new RebuildProgress(total, total, applier.Applied, segments));
        return new RebuildReport(disks.Count, segments, applier.Applied, scanned, invalid, clock.Elapsed);
    }
}
