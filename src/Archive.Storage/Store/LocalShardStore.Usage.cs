using Archive.Storage.Indexing;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <summary>
    /// Shards and live record bytes per accepted disk, from one pass over the index inventory (no
    /// segment I/O). Its cost grows with the inventory (seconds for tens of millions of shards):
    /// callers cache the answer rather than ask on every metrics scrape.
    /// </summary>
    public IReadOnlyList<DiskUsage> MeasureUsage(CancellationToken cancellationToken = default)
    {
        // Before the index is touched: a host that is stopping closes it next.
        cancellationToken.ThrowIfCancellationRequested();
        var totals = _diskOrder.ToDictionary(d => d.Id, _ => (Shards: 0L, Bytes: 0L));
        foreach (var entry in _index.EnumerateShards())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = entry.Location;
            if (location.State != ShardState.Missing && totals.TryGetValue(location.Disk, out var total))
            {
                totals[location.Disk] = (total.Shards + 1, total.Bytes + location.RecordLength);
            }
        }

        return _diskOrder.Select(d => new DiskUsage(d.Id, totals[d.Id].Shards, totals[d.Id].Bytes)).ToArray();
    }
}
