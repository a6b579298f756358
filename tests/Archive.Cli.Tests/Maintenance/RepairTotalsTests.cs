using Archive.Cli.Commands.Maintenance;
using Archive.Contracts.V1;

namespace Archive.Cli.Tests.Maintenance;

/// <summary>
/// The grid's repair totals count an object several nodes queued once (the sweep saw 201 items reported for 67
/// unrecoverable objects), and say "at most" when a node's answer could not be counted object by object.
/// </summary>
public sealed class RepairTotalsTests
{
    [Fact]
    public void Of_SameObjectsQueuedOnThreeNodes_CountedOnce()
    {
        var replies = Enumerable.Range(1, 3).Select(n => Reply($"node-{n}", digests: [10, 11, 12], unrecoverable: [("p1", "1.2.3", 0, n)])).ToArray();

        var totals = RepairTotals.Of(replies);

        Assert.Equal(12, totals.QueueItems);
        Assert.Equal(3, totals.ObjectsBelowFullRedundancy);
        Assert.True(totals.ObjectsExact);
        Assert.Equal(1, totals.Unrecoverable);
        Assert.True(totals.UnrecoverableExact);
        var item = Assert.Single(totals.UnrecoverableItems);
        Assert.Equal([1, 2, 3], item.ShardIndices);
        Assert.Equal("3", RepairTotals.Describe(totals.ObjectsBelowFullRedundancy, totals.ObjectsExact));
    }

    [Fact]
    public void Of_OneNodeWithoutDigestsOrWithItemsNotListed_SumsAsAnUpperBound()
    {
        var full = Reply("node-1", digests: [10, 11], unrecoverable: [("p1", "1.2.3", 0, 1)]);
        var truncated = Reply("node-2", digests: [10, 11], unrecoverable: [("p1", "1.2.3", 0, 2)]);
        truncated.ObjectDigestsComplete = false;
        truncated.Unrecoverable = 5;

        var totals = RepairTotals.Of([full, truncated]);

        Assert.Equal(4, totals.ObjectsBelowFullRedundancy);
        Assert.False(totals.ObjectsExact);
        Assert.Equal(6, totals.Unrecoverable);
        Assert.False(totals.UnrecoverableExact);
        Assert.Equal("at most 4", RepairTotals.Describe(totals.ObjectsBelowFullRedundancy, totals.ObjectsExact));
    }

    private static RepairStatusReply Reply(string node, ulong[] digests, (string Partition, string Name, int Part, int Shard)[] unrecoverable)
    {
        var reply = new RepairStatusReply
        {
            NodeId = node,
            QueueDepth = digests.Length + unrecoverable.Length,
            ObjectsBelowFullRedundancy = digests.Length,
            ObjectDigestsComplete = true,
            Unrecoverable = unrecoverable.Length,
        };
        reply.ObjectDigests.AddRange(digests);
        foreach (var (partition, name, part, shard) in unrecoverable)
        {
            reply.UnrecoverableItems.Add(new UnrecoverableView { PartitionKey = partition, ObjectName = name, PartIndex = part, ShardIndices = { shard } });
        }

        return reply;
    }
}
