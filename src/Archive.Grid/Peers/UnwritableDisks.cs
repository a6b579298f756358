using Archive.Grid.Map;
using StoreDiskState = Archive.Storage.Disks.DiskState;

namespace Archive.Grid.Peers;

/// <summary>
/// The disks of the map whose nodes report them unable to take shards (failed, refused or full) while the map
/// still names them: the local store's own health, a peer's from its last heartbeat. A failed disk stays in
/// the map until an operator marks it there; until then the writer places around it, so a new object is
/// acknowledged with all its shards instead of one missed put per part going to repair, and repair and
/// rebalance do the same rather than spend a refused put (or a rebalance pass that never settles) on it. A full
/// disk is placed around the same way, but its shards can still be read (<see cref="DiskRefusals.Unreadable"/>
/// leaves it out). The set is refreshed at most once per <see cref="RefreshEvery"/> (the local health reads each
/// disk's free space), and at the next write after a put was refused for want of a writable disk. Thread-safe.
/// </summary>
internal sealed class UnwritableDisks(IPeerConnector peers, TimeProvider time)
{
    /// <summary>How long one look at the nodes' disk health is used.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private volatile Snapshot? _last;

    /// <summary>The disks of <paramref name="map"/> that their node reports failed, refused or full.</summary>
    public DiskRefusals Of(GridMap map)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Map, map) && time.GetElapsedTime(last.Taken) < RefreshEvery)
        {
            return last.Refusals;
        }

        var unwritable = new HashSet<string>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in map.Nodes.Where(n => n.State == NodeState.Active))
        {
            foreach (var disk in peers.Connect(node).Shards.GetHealth().Disks)
            {
                if (disk.State != StoreDiskState.Healthy && disk.Disk is { } id)
                {
                    unwritable.Add(id.ToString());
                    if (disk.State != StoreDiskState.Full)
                    {
                        unreadable.Add(id.ToString());
                    }
                }
            }
        }

        var refusals = new DiskRefusals(unwritable, unreadable);
        _last = new Snapshot(map, time.GetTimestamp(), refusals);
        return refusals;
    }

    /// <summary>A put was refused for want of a writable disk: the next placement looks at the nodes' health again.</summary>
    public void Refresh() => _last = null;

    private sealed record Snapshot(GridMap Map, long Taken, DiskRefusals Refusals);
}

/// <summary>
/// Disk ids their nodes report unable to take new shards (<paramref name="Unwritable"/>: failed, refused or full)
/// and, of those, the ones whose shards cannot be read either (<paramref name="Unreadable"/>: failed or refused).
/// </summary>
public sealed record DiskRefusals(IReadOnlySet<string> Unwritable, IReadOnlySet<string> Unreadable)
{
    /// <summary>Every disk takes shards.</summary>
    public static readonly DiskRefusals None = new(System.Collections.Frozen.FrozenSet<string>.Empty, System.Collections.Frozen.FrozenSet<string>.Empty);
}
