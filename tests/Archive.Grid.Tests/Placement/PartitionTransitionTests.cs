using Archive.Grid.Map;
using Archive.Grid.Placement;
using Archive.Testing;

namespace Archive.Grid.Tests.Placement;

/// <summary>A map change must keep one replica of every catalog partition, or those partitions answer nothing until refilled.</summary>
public sealed class PartitionTransitionTests
{
    private static readonly GridMap Six = MapBuilder.Build(1, 1, 6, 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AddingAtMostMNodes_KeepsAReplicaOfEveryPartition(int added) =>
        Assert.Equal(0, PartitionTransition.ShareWithNoReplicaKept(Six, WithNodes(6 + added)));

    [Fact]
    public void AddingMPlusOneNodesAtOnce_LeavesSomePartitionsOnlyNewReplicas()
    {
        // Three new nodes of nine take all three replicas of a partition with probability 1 / C(9, 3) = 1.2%.
        var share = PartitionTransition.ShareWithNoReplicaKept(Six, WithNodes(9));
        Assert.InRange(share, 0.005, 0.03);
    }

    [Fact]
    public void SameMap_KeepsEverything() => Assert.Equal(0, PartitionTransition.ShareWithNoReplicaKept(Six, Six with { Epoch = 2 }));

    private static GridMap WithNodes(int nodes) => MapBuilder.Build(1, 1, nodes, 1) with { Epoch = 2 };
}
