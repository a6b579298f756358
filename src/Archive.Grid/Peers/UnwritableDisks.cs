using Archive.Grid.Map;
using StoreDiskState = Archive.Storage.Disks.DiskState;

namespace Archive.Grid.Peers;

/// <summary>
/// The disks of the map whose nodes report them unable to take shards (failed or refused) while the map
/// still names them: the local store's own health, a peer's from its last heartbeat. A failed disk stays in
/// the map until an operator marks it there; until then the writer places around it, so a new object is
/// acknowledged with all its shards instead of one missed put per part going to repair, and repair and
/// rebalance do the same rather than spend a refused put (or a rebalance pass that never settles) on it. The set is
/// refreshed at most once per <see cref="RefreshEvery"/> (the local health reads each disk's free space), and at
/// the next write after a put was refused for want of a writable disk. Thread-safe.
/// </summary>
internal sealed class UnwritableDisks(IPeerConnector peers, TimeProvider time)
{
    /// <summary>How long one look at the nodes' disk health is used.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private volatile Snapshot? _last;

    /// <summary>Ids of the disks of <paramref name="map"/> that their node reports failed or refused.</summary>
    public IReadOnlySet<string> Of(GridMap map)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Map, map) && time.GetElapsedTime(last.Taken) < RefreshEvery)
        {
            return last.DiskIds;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in map.Nodes.Where(n => n.State == NodeState.Active))
        {
            foreach (var disk in peers.Connect(node).Shards.GetHealth().Disks)
            {
                if (disk.State != StoreDiskState.Healthy && disk.Disk is { } id)
                {
                    ids.Add(id.ToString());
                }
            }
        }

        _last = new Snapshot(map, time.GetTimestamp(), ids);
        return ids;
    }

    /// <summary>A put was refused for want of a writable disk: the next placement looks at the nodes' health again.</summary>
    public void Refresh() => _last = null;

    private sealed record Snapshot(GridMap Map, long Taken, IReadOnlySet<string> DiskIds);
}
