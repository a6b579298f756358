using Archive.Codec.Fixity;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Grid.Rebalancing;
using Archive.Testing;

namespace Archive.Grid.Tests.Rebalancing;

/// <summary>
/// A disk its node reports failed while the map still names it: rebalance neither moves shards onto it nor off it.
/// A full one: nothing moves onto it, and its shards stay unless they must leave (their node drains).
/// </summary>
public sealed class RebalancePlanTests
{
    private static readonly IReadOnlySet<string> OneDisk = new HashSet<string>(StringComparer.Ordinal) { "n002-d1" };
    private static readonly DiskRefusals Failed = new(OneDisk, OneDisk);
    private static readonly DiskRefusals Full = new(OneDisk, new HashSet<string>());

    [Fact]
    public void For_PartPlacedAroundAnUnwritableDisk_NoMoves_WhereTheMapAloneWouldMoveOntoIt()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        var placedAround = 0;
        for (var i = 0; i < 200; i++)
        {
            var key = ObjectIdentity.PartKey("1.2.3." + i, Sha256Digest.Compute([(byte)i]), 0);
            var targets = ShardPlacement.PlaceAvoiding(map, ObjectIdentity.PlacementKey(key), 6, 2, OneDisk).Targets;
            var part = new ObjectPart(key, 0, 10, 10, false, targets.Select(t => new ShardLocation(t!.Value.Node.Id, t.Value.Disk.Id)).ToArray());
            Assert.Empty(RebalancePlan.For(map, part, 2, Failed));
            if (!ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets.SequenceEqual(targets))
            {
                placedAround++;
                var blind = Assert.Single(RebalancePlan.For(map, part, 2));
                Assert.Equal("n002-d1", blind.To.DiskId); // the put it would make is refused, pass after pass
            }
        }

        Assert.True(placedAround > 0);
    }

    [Fact]
    public void For_ShardOnAnUnwritableDisk_LeftToRepair()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        for (var i = 0; i < 200; i++)
        {
            var key = ObjectIdentity.PartKey("1.2.4." + i, Sha256Digest.Compute([(byte)i]), 0);
            var ideal = ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets;
            var part = new ObjectPart(key, 0, 10, 10, false, ideal.Select(t => new ShardLocation(t!.Value.Node.Id, t.Value.Disk.Id)).ToArray());
            Assert.Empty(RebalancePlan.For(map, part, 2, Failed));
        }
    }

    [Fact]
    public void For_FullDisk_NothingMovesOntoIt_AndItsShardsStay()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        var onTheFullDisk = 0;
        for (var i = 0; i < 200; i++)
        {
            var key = ObjectIdentity.PartKey("1.2.5." + i, Sha256Digest.Compute([(byte)i]), 0);
            var ideal = PartOn(key, ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets);
            var around = PartOn(key, ShardPlacement.PlaceAvoiding(map, ObjectIdentity.PlacementKey(key), 6, 2, OneDisk).Targets);
            Assert.Empty(RebalancePlan.For(map, ideal, 2, Full));
            Assert.Empty(RebalancePlan.For(map, around, 2, Full));
            onTheFullDisk += ideal.Shards.Count(s => s.DiskId == "n002-d1");
        }

        Assert.True(onTheFullDisk > 0);
    }

    [Fact]
    public void For_NodeDraining_ShardsOnItsFullDiskLeave_ThoseOnItsFailedDiskAreRepairs()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        var draining = map with { Epoch = map.Epoch + 1, Nodes = map.Nodes.Select(n => n.Id == "n002" ? n with { State = NodeState.Draining } : n).ToArray() };
        var checkedParts = 0;
        for (var i = 0; i < 200; i++)
        {
            var key = ObjectIdentity.PartKey("1.2.6." + i, Sha256Digest.Compute([(byte)i]), 0);
            var part = PartOn(key, ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets);
            if (!part.Shards.Any(s => s.DiskId == "n002-d1"))
            {
                continue;
            }

            checkedParts++;
            var moves = RebalancePlan.For(draining, part, 2, Full);
            Assert.Contains(moves, m => m.From.DiskId == "n002-d1");
            Assert.All(moves, m => Assert.NotEqual("n002", m.To.NodeId));
            Assert.DoesNotContain(RebalancePlan.For(draining, part, 2, Failed), m => m.From.DiskId == "n002-d1");
        }

        Assert.True(checkedParts > 0);
    }

    private static ObjectPart PartOn(Archive.Storage.Primitives.ObjectKey key, IReadOnlyList<DiskLocation?> targets) =>
        new(key, 0, 10, 10, false, targets.Select(t => new ShardLocation(t!.Value.Node.Id, t.Value.Disk.Id)).ToArray());
}
