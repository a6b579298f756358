using Archive.Grid.Map;

namespace Archive.Node.Maps;

/// <summary>
/// Makes epoch-1 grid maps from node descriptors: the single-node map a node generates for itself,
/// and the map <c>archive-node new-map</c> writes for a local grid. The result is validated
/// (<see cref="GridMapJson.Parse"/> rules) before it is returned. Pure.
/// </summary>
public static class GridMapFactory
{
    /// <summary>A map of <paramref name="nodes"/> with <paramref name="defaultClass"/> and, under <paramref name="smallThresholdBytes"/>, <paramref name="smallClass"/>.</summary>
    /// <exception cref="GridMapException">The map is invalid (e.g. too few disks for a class).</exception>
    public static GridMap Create(string clusterId, IReadOnlyList<NodeDescriptor> nodes, string defaultClass, string? smallClass, long smallThresholdBytes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var classes = new List<StorageClass> { StorageClassNames.Parse(defaultClass) };
        if (!string.IsNullOrEmpty(smallClass) && smallClass != defaultClass)
        {
            classes.Add(StorageClassNames.Parse(smallClass));
        }

        var gridNodes = nodes.Select(n => new GridNode(n.Id, n.Address, n.Site, n.Rack, NodeState.Active,
            n.Disks.Select(d => new GridDisk(d.Id, d.Weight, DiskState.Active)).ToArray())).ToArray();
        var policy = new StorageClassPolicy(defaultClass, string.IsNullOrEmpty(smallClass) ? null : smallClass, string.IsNullOrEmpty(smallClass) ? 0 : smallThresholdBytes);
        var map = new GridMap(clusterId, 1, gridNodes, classes, policy);
        return GridMapJson.Parse(GridMapJson.Serialize(map));
    }
}
