using Archive.Grid.Map;

namespace Archive.Grid.Placement;

/// <summary>
/// How many nodes down a storage class's objects survive on a map: m when every shard of an object can have a node of
/// its own; fewer when fewer nodes take shards than an object has (a 6-node ec-4-2 grid with one node drained puts two
/// shards of an object on one node, so two nodes down can take four). Status says so: the grid still works, but no longer
/// keeps the promise of m nodes. A single-node archive is not counted (its failure domains are its disks); a grid whose
/// other nodes were all drained is: every object is on one node. Pure.
/// </summary>
public static class NodeTolerance
{
    /// <summary>One sentence per storage class whose objects survive fewer than m nodes down; empty when none.</summary>
    public static IReadOnlyList<string> Risks(GridMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var nodes = map.NodesTakingShards().Count();
        if (map.Nodes.Count < 2 || nodes == 0)
        {
            return [];
        }

        var risks = new List<string>();
        foreach (var storageClass in map.StorageClasses.Where(c => c.TotalShards > nodes))
        {
            var perNode = (storageClass.TotalShards + nodes - 1) / nodes;
            var survives = storageClass.ParityShards / perNode;
            if (survives < storageClass.ParityShards)
            {
                risks.Add($"objects of class {storageClass.Name} survive {survives} node(s) down, not {storageClass.ParityShards}: {nodes} nodes take shards and an object has {storageClass.TotalShards}, so some nodes hold {perNode} of one (add nodes, or bring a drained one back)");
            }
        }

        return risks;
    }
}
