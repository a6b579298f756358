using Archive.Codec.Fixity;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Grid.Rebalancing;
using Archive.Storage.Primitives;
using Archive.Testing;

namespace Archive.Grid.Tests.Rebalancing;

/// <summary>
/// Rebalancing never leaves a failure domain holding more of a part than the part tolerates losing, and mends a part
/// that a history of repairs and reconciled placements left so (three of six ec-4-2 shards on one node, two on one
/// disk: killing that node lost the object while verify said complete).
/// </summary>
public sealed class RebalancePlanSpreadTests
{
    private const int M = 2;
    private static readonly IReadOnlySet<string> NoDisks = new HashSet<string>(StringComparer.Ordinal);

    [Fact]
    public void For_ThreeShardsOnOneNode_TwoOnOneDisk_MovesThemApart_AndThenSettles()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        foreach (var (key, ideal) in IdealPlacements(map, "1.2.7."))
        {
            var node = ideal[0].NodeId;
            var disk = ideal[0].DiskId;
            var other = map.FindNode(node)!.Disks.First(d => d.Id != disk).Id;
            var crowded = ideal.ToArray();
            crowded[1] = new ShardLocation(node, disk); // two shards on one disk
            crowded[2] = new ShardLocation(node, other); // three on one node

            var settled = Settle(map, new ObjectPart(key, 0, 10, 10, false, crowded), DiskRefusals.None);

            Assert.Empty(Spread(map).Excess(PlacementSpread.Resolve(map, settled.Shards)));
            Assert.Equal(6, settled.Shards.Select(s => s.DiskId).Distinct().Count());
        }
    }

    [Fact]
    public void For_TwoShardsOnOneNodeWithinM_WhileAnotherNodeIsFree_MovesBackToOnePerNode()
    {
        // Sweep R2: repair put a dead node's shard on a second disk of a live node (two there: within m, so not crowded);
        // the node came back and nothing moved it, so losing that node and one more lost the part. A pass moves it back.
        var map = MapBuilder.Build(1, 1, 6, 2);
        foreach (var (key, ideal) in IdealPlacements(map, "1.2.8."))
        {
            var doubled = ideal.ToArray();
            var host = ideal[0];
            doubled[5] = new ShardLocation(host.NodeId, map.FindNode(host.NodeId)!.Disks.First(d => d.Id != host.DiskId).Id);

            var settled = Settle(map, new ObjectPart(key, 0, 10, 10, false, doubled), DiskRefusals.None);

            Assert.Equal(6, settled.Shards.Select(s => s.NodeId).Distinct().Count());
        }
    }

    [Fact]
    public void For_ShardStayingOnAFullDisk_OtherMovesDoNotCrowdItsNode()
    {
        // One node drains; on each other node one disk is full. A shard on a full disk stays where the new placement
        // (which goes around full disks) would also give that node two other disks: it must not get three.
        var map = MapBuilder.Build(1, 1, 6, 3);
        var draining = map with { Epoch = map.Epoch + 1, Nodes = map.Nodes.Select(n => n.Id == "n005" ? n with { State = NodeState.Draining } : n).ToArray() };
        var full = map.Nodes.Where(n => n.Id != "n005").Select(n => n.Disks[0].Id).ToHashSet(StringComparer.Ordinal);
        var refusals = new DiskRefusals(full, NoDisks);
        var spread = Spread(draining);
        var stayedOnCrowdableNode = 0;
        for (var i = 0; i < 300; i++)
        {
            var key = Key("1.2.8.", i);
            var before = Locations(ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets);
            var moves = RebalancePlan.For(draining, new ObjectPart(key, 0, 10, 10, false, before), M, refusals);
            var after = Apply(before, moves);

            Assert.Empty(spread.Excess(PlacementSpread.Resolve(draining, after)));
            Assert.DoesNotContain(after, s => s.NodeId == "n005");
            stayedOnCrowdableNode += before.Count(s => full.Contains(s.DiskId)) > 0 && moves.Count >= 2 ? 1 : 0;
        }

        Assert.True(stayedOnCrowdableNode > 0);
    }

    [Fact]
    public void For_RandomHistories_NeverCrowdsADomain_AndConverges()
    {
        var random = new Random(1313);
        for (var trial = 0; trial < 400; trial++)
        {
            var map = MapBuilder.Build(1, random.Next(1, 3), random.Next(3, 5), random.Next(1, 4));
            map = map with { Nodes = map.Nodes.Select(n => random.Next(6) == 0 ? n with { State = NodeState.Draining } : n).ToArray() };
            var disks = map.AllDisks().ToArray();
            var unwritable = disks.Where(_ => random.Next(5) == 0).Select(d => d.Disk.Id).ToHashSet(StringComparer.Ordinal);
            var refusals = new DiskRefusals(unwritable, NoDisks);
            var key = Key("1.2.9.", trial);
            var shards = Enumerable.Range(0, 6).Select(_ => disks[random.Next(disks.Length)]).Select(d => new ShardLocation(d.Node.Id, d.Disk.Id)).ToArray();
            var part = new ObjectPart(key, 0, 10, 10, false, shards);
            var spread = Spread(map);
            var excessBefore = ExcessShards(spread, map, part.Shards);

            for (var pass = 0; ; pass++)
            {
                var moves = RebalancePlan.For(map, part, M, refusals);
                if (moves.Count == 0)
                {
                    break;
                }

                Assert.True(pass < 6, $"trial {trial}: still moving after {pass} passes");
                Assert.All(moves, m => Assert.DoesNotContain(m.To.DiskId, unwritable));
                part = part with { Shards = Apply(part.Shards, moves) };
                Assert.True(ExcessShards(spread, map, part.Shards) <= excessBefore, $"trial {trial}: a move crowded a domain");
            }
        }
    }

    private static ObjectPart Settle(GridMap map, ObjectPart part, DiskRefusals refusals)
    {
        for (var pass = 0; pass < 6; pass++)
        {
            var moves = RebalancePlan.For(map, part, M, refusals);
            if (moves.Count == 0)
            {
                return part;
            }

            part = part with { Shards = Apply(part.Shards, moves) };
        }

        throw new Xunit.Sdk.XunitException("the plan did not settle in 6 passes");
    }

    private static int ExcessShards(PlacementSpread spread, GridMap map, IReadOnlyList<ShardLocation> shards) =>
        spread.Excess(PlacementSpread.Resolve(map, shards)).Sum(e => e.Shards.Count - e.Limit);

    /// <summary>A hundred part keys under <paramref name="prefix"/>, each with the six disks placement gives it on <paramref name="map"/>.</summary>
    private static IEnumerable<(ObjectKey Key, ShardLocation[] Ideal)> IdealPlacements(GridMap map, string prefix) =>
        Enumerable.Range(0, 100).Select(i => Key(prefix, i)).Select(key => (key, Locations(ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets)));

    private static PlacementSpread Spread(GridMap map) => PlacementSpread.For(map, 6, M);

    private static ShardLocation[] Apply(IReadOnlyList<ShardLocation> shards, IReadOnlyList<ShardMove> moves)
    {
        var after = shards.ToArray();
        foreach (var move in moves)
        {
            Assert.Equal(after[move.Index], move.From);
            after[move.Index] = move.To;
        }

        return after;
    }

    private static ObjectKey Key(string prefix, int i) => ObjectIdentity.PartKey(prefix + i, Sha256Digest.Compute([(byte)i, (byte)(i >> 8)]), 0);

    private static ShardLocation[] Locations(IReadOnlyList<DiskLocation?> targets) =>
        targets.Select(t => new ShardLocation(t!.Value.Node.Id, t.Value.Disk.Id)).ToArray();
}
