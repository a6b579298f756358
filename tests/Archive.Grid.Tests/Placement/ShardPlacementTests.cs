using Archive.Testing;
using Archive.Grid.Map;
using Archive.Grid.Placement;

namespace Archive.Grid.Tests.Placement;

public sealed class ShardPlacementTests
{
    // sites, racks/site, nodes/rack, disks/node, shards → expected max shards per site, rack, node
    [Theory]
    [InlineData(1, 1, 6, 1, 6, 6, 6, 1)] // 6 nodes, ec-4-2: one shard per node
    [InlineData(1, 1, 3, 2, 6, 6, 6, 2)] // 3 nodes × 2 disks: two per node, never two on a disk
    [InlineData(1, 1, 1, 6, 6, 6, 6, 6)] // single node: distinct disks
    [InlineData(2, 4, 2, 2, 6, 3, 1, 1)] // 2 sites × 4 racks: distinct racks, 3 per site
    [InlineData(3, 2, 2, 2, 14, 5, 3, 2)] // ec-10-4 over 12 nodes in 3 sites: balanced, ≤ 2 per node
    [InlineData(7, 1, 2, 1, 14, 2, 2, 1)] // 14 nodes in 7 sites: 2 per site, 1 per node
    public void Place_SpreadsAcrossWidestDomains(int sites, int racks, int nodes, int disks, int shards, int maxPerSite, int maxPerRack, int maxPerNode)
    {
        var map = MapBuilder.Build(sites, racks, nodes, disks);
        for (var i = 0; i < 200; i++)
        {
            var result = ShardPlacement.Place(map, MapBuilder.Key(i), shards);
            Assert.True(result.IsComplete);
            var targets = result.Targets.Select(t => t!.Value).ToArray();
            Assert.Equal(shards, targets.Select(t => t.Disk.Id).Distinct().Count());
            Assert.True(MaxPer(targets, FailureDomainLevel.Site) <= maxPerSite);
            Assert.True(MaxPer(targets, FailureDomainLevel.Rack) <= maxPerRack);
            Assert.True(MaxPer(targets, FailureDomainLevel.Node) <= maxPerNode);
        }
    }

    [Fact]
    public void Place_SameKeyAndMap_GivesSameTargets()
    {
        var map = MapBuilder.Build(1, 2, 3, 2);
        var first = ShardPlacement.Place(map, MapBuilder.Key(42), 6).Targets.Select(t => t!.Value.Disk.Id);
        var second = ShardPlacement.Place(map, MapBuilder.Key(42), 6).Targets.Select(t => t!.Value.Disk.Id);
        Assert.Equal(first, second);
    }

    [Fact]
    public void PlaceAvoiding_FailedDisk_OnlyItsShardsMoveAndTheSpreadHolds()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        var avoid = new HashSet<string>(StringComparer.Ordinal) { "n000-d0", "n003-d1" };
        var moved = 0;
        for (var i = 0; i < 200; i++)
        {
            var plain = ShardPlacement.Place(map, MapBuilder.Key(i), 6).Targets.Select(t => t!.Value).ToArray();
            var around = ShardPlacement.PlaceAvoiding(map, MapBuilder.Key(i), 6, 2, avoid);
            Assert.True(around.IsComplete);
            var targets = around.Targets.Select(t => t!.Value).ToArray();
            Assert.DoesNotContain(targets, t => avoid.Contains(t.Disk.Id));
            Assert.Equal(6, targets.Select(t => t.Disk.Id).Distinct().Count());
            Assert.Equal(1, MaxPer(targets, FailureDomainLevel.Node));
            for (var s = 0; s < 6; s++)
            {
                if (avoid.Contains(plain[s].Disk.Id))
                {
                    moved++;
                }
                else
                {
                    Assert.Equal(plain[s], targets[s]);
                }
            }
        }

        Assert.True(moved > 0);
    }

    [Fact]
    public void PlaceAvoiding_ANodeFull_NeverPutsMoreOnAnotherThanThePartMayLose()
    {
        // Three nodes, ec-2-1 (m = 1): with node 2's disks full, going around it would put two shards on one node, which
        // one node lost would take. The shard keeps its target instead (its put misses: refused at a quorum of k + 1 = 3).
        var small = MapBuilder.Build(1, 1, 3, 2);
        var full = small.Nodes[2].Disks.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            var targets = ShardPlacement.PlaceAvoiding(small, MapBuilder.Key(i), 3, 1, full).Targets.Select(t => t!.Value).ToArray();
            Assert.Equal(1, MaxPer(targets, FailureDomainLevel.Node));
        }

        // Six nodes, ec-4-2 (m = 2): the shard goes around to a node that then holds two, which the part survives.
        var map = MapBuilder.Build(1, 1, 6, 2);
        var fullNode = map.Nodes[3].Disks.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            var targets = ShardPlacement.PlaceAvoiding(map, MapBuilder.Key(i), 6, 2, fullNode).Targets.Select(t => t!.Value).ToArray();
            Assert.DoesNotContain(targets, t => fullNode.Contains(t.Disk.Id));
            Assert.Equal(2, MaxPer(targets, FailureDomainLevel.Node));
        }
    }

    [Fact]
    public void PlaceAvoiding_NoOtherDiskLeft_KeepsTheFirstTarget()
    {
        var map = MapBuilder.Build(1, 1, 1, 6);
        var avoid = new HashSet<string>(StringComparer.Ordinal) { "n000-d2" };
        var plain = ShardPlacement.Place(map, MapBuilder.Key(7), 6).Targets;
        Assert.Equal(plain, ShardPlacement.PlaceAvoiding(map, MapBuilder.Key(7), 6, 2, avoid).Targets);
    }

    [Fact]
    public void Place_FrozenVector_NeverChanges()
    {
        // Placement decides where data lives for decades: this vector must never change.
        var map = MapBuilder.Build(1, 1, 6, 2);
        var targets = ShardPlacement.Place(map, "1.2.3.4.5"u8, 6).Targets.Select(t => t!.Value.Disk.Id).ToArray();
        Assert.Equal(PlacementGolden.Ec42SixNodesTwoDisks, targets);
    }

    [Fact]
    public void Place_SkipsFailedDisksAndInactiveNodes()
    {
        var map = MapBuilder.Build(1, 1, 8, 1);
        var nodes = map.Nodes.ToList();
        nodes[0] = nodes[0] with { State = NodeState.Draining };
        nodes[1] = nodes[1] with { Disks = [nodes[1].Disks[0] with { State = DiskState.Failed }] };
        map = map with { Nodes = nodes };
        for (var i = 0; i < 100; i++)
        {
            var targets = ShardPlacement.Place(map, MapBuilder.Key(i), 6).Targets;
            Assert.DoesNotContain(targets, t => t!.Value.Node.Id is "n000" or "n001");
        }
    }

    [Fact]
    public void Place_TooFewDisks_ReportsShortfall()
    {
        var map = MapBuilder.Build(1, 1, 4, 1);
        var result = ShardPlacement.Place(map, MapBuilder.Key(1), 6);
        Assert.False(result.IsComplete);
        Assert.Equal(2, result.Shortfall);
    }

    [Fact]
    public void PlaceShards_Replacement_AvoidsNodesThatHoldTheObject()
    {
        var map = MapBuilder.Build(1, 1, 8, 2);
        for (var i = 0; i < 100; i++)
        {
            var key = MapBuilder.Key(i);
            var targets = ShardPlacement.Place(map, key, 6).Targets.Select(t => t!.Value).ToArray();
            var lost = targets[2];
            var survivors = targets.Where((_, index) => index != 2).ToArray();
            var replacement = ShardPlacement.PlaceShards(map, key, [2], survivors, new HashSet<string> { lost.Disk.Id }).Targets.Single()!.Value;
            Assert.NotEqual(lost.Disk.Id, replacement.Disk.Id);
            Assert.DoesNotContain(survivors, s => s.Node.Id == replacement.Node.Id);
        }
    }

    private static int MaxPer(IEnumerable<DiskLocation> targets, FailureDomainLevel level) =>
        targets.GroupBy(t => FailureDomains.KeyOf(t, level)).Max(g => g.Count());
}
