using Archive.Codec.Fixity;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Placement;
using Archive.Grid.Rebalancing;
using Archive.Testing;

namespace Archive.Grid.Tests.Rebalancing;

/// <summary>A disk its node reports failed while the map still names it: rebalance neither moves shards onto it nor off it.</summary>
public sealed class RebalancePlanTests
{
    private static readonly IReadOnlySet<string> Failed = new HashSet<string>(StringComparer.Ordinal) { "n002-d1" };

    [Fact]
    public void For_PartPlacedAroundAnUnwritableDisk_NoMoves_WhereTheMapAloneWouldMoveOntoIt()
    {
        var map = MapBuilder.Build(1, 1, 6, 2);
        var placedAround = 0;
        for (var i = 0; i < 200; i++)
        {
            var key = ObjectIdentity.PartKey("1.2.3." + i, Sha256Digest.Compute([(byte)i]), 0);
            var targets = ShardPlacement.PlaceAvoiding(map, ObjectIdentity.PlacementKey(key), 6, Failed).Targets;
            var part = new ObjectPart(key, 0, 10, 10, false, targets.Select(t => new ShardLocation(t!.Value.Node.Id, t.Value.Disk.Id)).ToArray());
            Assert.Empty(RebalancePlan.For(map, part, Failed));
            if (!ShardPlacement.Place(map, ObjectIdentity.PlacementKey(key), 6).Targets.SequenceEqual(targets))
            {
                placedAround++;
                var blind = Assert.Single(RebalancePlan.For(map, part));
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
            Assert.Empty(RebalancePlan.For(map, part, Failed));
        }
    }
}
