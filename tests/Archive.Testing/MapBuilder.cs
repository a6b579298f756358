using Archive.Grid.Map;

namespace Archive.Testing;

/// <summary>Builds grid maps for table tests: sites × racks × nodes × disks.</summary>
public static class MapBuilder
{
    public static GridMap Build(int sites, int racksPerSite, int nodesPerRack, int disksPerNode, Func<int, double>? nodeWeight = null, params StorageClass[] classes)
    {
        var nodes = new List<GridNode>();
        var n = 0;
        for (var s = 0; s < sites; s++)
        {
            for (var r = 0; r < racksPerSite; r++)
            {
                for (var k = 0; k < nodesPerRack; k++, n++)
                {
                    var id = $"n{n:D3}";
                    var weight = nodeWeight?.Invoke(n) ?? 1.0;
                    var disks = Enumerable.Range(0, disksPerNode).Select(d => new GridDisk($"{id}-d{d}", weight, DiskState.Active)).ToArray();
                    nodes.Add(new GridNode(id, $"http://127.0.0.1:{7100 + n}", $"site{s}", $"rack{r}", NodeState.Active, disks));
                }
            }
        }

        classes = classes.Length > 0 ? classes : [new StorageClass("ec-4-2", 4, 2)];
        return new GridMap("test", 1, nodes, classes, new StorageClassPolicy(classes[0].Name, null, 0));
    }

    public static byte[] Key(int i) => BitConverter.GetBytes(i).Concat("object"u8.ToArray()).ToArray();
}
