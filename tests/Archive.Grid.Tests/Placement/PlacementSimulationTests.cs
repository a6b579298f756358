using Archive.Testing;
using Archive.Grid.Map;
using Archive.Grid.Placement;

namespace Archive.Grid.Tests.Placement;

/// <summary>Placement over a 120-node grid with mixed weights: load follows weight, growth moves ~1/N.</summary>
public sealed class PlacementSimulationTests
{
    private const int Objects = 6_000;
    private static readonly StorageClass Ec104 = new("ec-10-4", 10, 4);

    [Fact]
    public void Place_120Nodes_LoadWithinFewPercentOfWeight()
    {
        // 3 sites × 4 racks × 10 nodes; weights 1, 2 and 4 TB.
        var map = MapBuilder.Build(3, 4, 10, 1, n => new[] { 1.0, 2.0, 4.0 }[n % 3], Ec104);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Objects; i++)
        {
            foreach (var target in ShardPlacement.Place(map, MapBuilder.Key(i), Ec104.TotalShards).Targets)
            {
                counts[target!.Value.Node.Id] = counts.GetValueOrDefault(target.Value.Node.Id) + 1;
            }
        }

        var totalWeight = map.Nodes.Sum(n => n.Disks.Sum(d => d.Weight));
        var totalShards = Objects * Ec104.TotalShards;
        var deviations = map.Nodes.Select(n =>
        {
            var expected = totalShards * n.Disks.Sum(d => d.Weight) / totalWeight;
            return Math.Abs(counts.GetValueOrDefault(n.Id) - expected) / expected;
        }).ToArray();

        // Drawing k+m distinct nodes per object slightly favours light nodes (a heavy node cannot
        // take two shards of one object): by weight class the share stays within ±6% of ideal.
        var byWeight = map.Nodes.GroupBy(n => n.Disks[0].Weight)
            .Select(g => (Weight: g.Key, Ratio: g.Average(n => counts.GetValueOrDefault(n.Id)) / (totalShards * g.Key / totalWeight)))
            .ToArray();
        var summary = string.Join(", ", byWeight.Select(w => $"w={w.Weight}: {w.Ratio:P1}"));
        Assert.All(byWeight, w => Assert.InRange(w.Ratio, 0.94, 1.06));
        Assert.True(deviations.Average() < 0.06, $"mean deviation {deviations.Average():P1}; {summary}");
        // The lightest nodes hold ~300 shards here: chance alone is ±6% (one standard deviation).
        Assert.True(deviations.Max() < 0.20, $"max deviation {deviations.Max():P1}; {summary}");
    }

    // A flat grid moves ~1/N. When rack balancing binds (14 shards over 10 racks), a shard the new
    // node wins can push one other shard of the object off that rack: about 1.6/N, still bounded.
    [Theory]
    [InlineData(1, 100, 1.25)]
    [InlineData(10, 10, 2.0)]
    public void Place_AddingOneNodeTo100_MovesAboutOneNth(int racks, int nodesPerRack, double bound)
    {
        var before = MapBuilder.Build(1, racks, nodesPerRack, 1, null, Ec104);
        var added = new GridNode("n-new", "http://127.0.0.1:9999", "site0", "rack0", NodeState.Active, [new GridDisk("n-new-d0", 1.0, DiskState.Active)]);
        var after = before with { Epoch = 2, Nodes = [.. before.Nodes, added] };

        var moved = 0;
        for (var i = 0; i < Objects; i++)
        {
            var key = MapBuilder.Key(i);
            var a = ShardPlacement.Place(before, key, Ec104.TotalShards).Targets;
            var b = ShardPlacement.Place(after, key, Ec104.TotalShards).Targets;
            moved += a.Zip(b).Count(p => p.First!.Value.Disk.Id != p.Second!.Value.Disk.Id);
        }

        var fraction = (double)moved / (Objects * Ec104.TotalShards);
        var ideal = 1.0 / after.Nodes.Count;
        Assert.True(fraction < ideal * bound, $"moved {fraction:P2} of shards, ideal {ideal:P2}");
        Assert.True(fraction > ideal * 0.5, $"moved {fraction:P2} of shards, ideal {ideal:P2}: the new node takes too little");
    }
}
