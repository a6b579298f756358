namespace Archive.Grid.Map;

/// <summary>
/// The immutable, epoch-stamped description of the grid: nodes, their disks, failure domains
/// (site &gt; rack &gt; node &gt; disk), weights and storage classes. Every placement decision
/// takes one snapshot and never sees a half-applied change (STYLE.md §6). A new map always
/// carries a higher <see cref="Epoch"/>.
/// </summary>
public sealed record GridMap(
    string ClusterId,
    long Epoch,
    IReadOnlyList<GridNode> Nodes,
    IReadOnlyList<StorageClass> StorageClasses,
    StorageClassPolicy Policy)
{
    /// <summary>The node with this id, or null.</summary>
    public GridNode? FindNode(string nodeId)
    {
        foreach (var node in Nodes)
        {
            if (node.Id == nodeId)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>The storage class with this name, or null.</summary>
    public StorageClass? FindClass(string name)
    {
        foreach (var storageClass in StorageClasses)
        {
            if (storageClass.Name == name)
            {
                return storageClass;
            }
        }

        return null;
    }

    /// <summary>The nodes placement may give new shards: active, with an active disk.</summary>
    public IEnumerable<GridNode> NodesTakingShards() =>
        Nodes.Where(n => n.State == NodeState.Active && n.Disks.Any(d => d.State == DiskState.Active));

    /// <summary>Every disk with its node, in map order; the unit placement chooses among.</summary>
    public IEnumerable<DiskLocation> AllDisks()
    {
        foreach (var node in Nodes)
        {
            foreach (var disk in node.Disks)
            {
                yield return new DiskLocation(node, disk);
            }
        }
    }
}

/// <summary>A peer node: where it is reached and which failure domains it belongs to.</summary>
/// <param name="Address">gRPC base address, e.g. <c>http://10.1.2.3:7100</c>.</param>
public sealed record GridNode(
    string Id,
    string Address,
    string Site,
    string Rack,
    NodeState State,
    IReadOnlyList<GridDisk> Disks);

/// <summary>A data disk. <see cref="Id"/> is the disk's label id, unique in the whole grid.</summary>
/// <param name="Weight">Relative share of new data, usually the capacity in TB.</param>
public sealed record GridDisk(string Id, double Weight, DiskState State);

/// <summary>A disk with the node that holds it.</summary>
public readonly record struct DiskLocation(GridNode Node, GridDisk Disk)
{
    /// <summary>True when placement may put new shards here.</summary>
    public bool AcceptsNewShards => Node.State == NodeState.Active && Disk.State == DiskState.Active;
}

/// <summary>Persisted in grid map files: explicit values, never renumber.</summary>
public enum NodeState
{
    /// <summary>Takes new shards and serves reads.</summary>
    Active = 1,

    /// <summary>Serves reads; its shards are being moved elsewhere before retirement.</summary>
    Draining = 2,

    /// <summary>Gone for good; holds nothing the grid relies on.</summary>
    Retired = 3,
}

/// <summary>Persisted in grid map files: explicit values, never renumber.</summary>
public enum DiskState
{
    Active = 1,
    Draining = 2,
    Failed = 3,
}
