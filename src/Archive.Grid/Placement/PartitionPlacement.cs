using Archive.Grid.Map;

namespace Archive.Grid.Placement;

/// <summary>
/// Which nodes hold a catalog partition (manifests and catalog rows, keyed by e.g. the Study
/// Instance UID): replicas on distinct nodes spread over sites and racks, weighted by each node's
/// active disk capacity. A pure function of (partition key, map), like <see cref="ShardPlacement"/>.
/// </summary>
public static class PartitionPlacement
{
    /// <summary>Up to <paramref name="replicas"/> distinct active nodes for <paramref name="partitionKey"/>, best first.</summary>
    public static IReadOnlyList<GridNode> Replicas(GridMap map, ReadOnlySpan<byte> partitionKey, int replicas)
    {
        var nodes = map.Nodes
            .Where(n => n.State == NodeState.Active && n.Disks.Any(d => d.State == DiskState.Active))
            .ToList();
        var candidates = nodes.Select(n => new DomainSpreadingChooser.Candidate(
            n.Site,
            n.Site + "/" + n.Rack,
            n.Id,
            n.Id,
            RendezvousScore.SeedOf("node:" + n.Id),
            n.Disks.Where(d => d.State == DiskState.Active).Sum(d => d.Weight))).ToList();
        var chosen = DomainSpreadingChooser.Choose(partitionKey, candidates, Enumerable.Range(0, replicas).ToArray(), []);
        return chosen.Where(i => i >= 0).Select(i => nodes[i]).ToArray();
    }

    /// <summary>
    /// Replicas a partition needs so it survives what the data survives: m + 1 for the grid's
    /// widest class, at least 1.
    /// </summary>
    public static int ReplicaCount(GridMap map) => Math.Max(1, map.StorageClasses.Select(c => c.ParityShards + 1).DefaultIfEmpty(1).Max());
}
