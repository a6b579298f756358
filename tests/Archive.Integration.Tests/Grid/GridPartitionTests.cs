using Archive.Grid.Grpc.Client;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// Partition test (issue 6) with an in-process fault-injecting proxy on every directed link of a
/// real 6-node ec-4-2 grid: while node-6 is cut off, writes through the majority succeed, writes
/// through node-6 cannot reach their quorum and are refused, and the same names are written with
/// different bytes on both sides. After healing, every acknowledged object reads back bit-exact
/// from both sides and no object has more than one version (no conflicting versions).
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GridPartitionTests
{
    [GridFact]
    public async Task Grid_MinorityPartitioned_NoAcknowledgedWriteLostAndNoConflictingVersions()
    {
        await using var proxy = new PartitionProxy();
        await using var grid = await GridHarness.StartAsync("partition", proxy.AddressFor);
        string[] all = ["node-1", "node-2", "node-3", "node-4", "node-5", "node-6"];
        await grid.WaitForMembersUpAsync("node-1", all);
        await grid.WarmUpAsync();

        var count = GridHarness.LongMode ? 120 : 24;
        var majorityObjects = TestObjects.Make(count, seed: 61, prefix: "split");
        var minorityObjects = TestObjects.Make(count, seed: 62, prefix: "split"); // same names, different bytes
        proxy.Isolate(["node-6"]);

        var acknowledged = new Dictionary<string, TestObjects.TestObject>();
        var majority = grid.Client("node-1");
        var minority = grid.Client("node-6");
        for (var i = 0; i < count; i++)
        {
            var onMajority = majorityObjects[i];
            var onMinority = minorityObjects[i];
            var results = await Task.WhenAll(
                majority.PutAsync(onMajority.Partition, onMajority.Name, new MemoryStream(onMajority.Bytes), onMajority.Bytes.Length, ReadOnlyMemory<byte>.Empty),
                minority.PutAsync(onMinority.Partition, onMinority.Name, new MemoryStream(onMinority.Bytes), onMinority.Bytes.Length, ReadOnlyMemory<byte>.Empty));
            Assert.True(results[0].IsAcknowledged, $"majority write of {onMajority.Name}: {results[0].StatusName} {results[0].Detail}");
            Assert.False(results[1].IsAcknowledged, $"isolated node acknowledged {onMinority.Name}: {results[1].Detail}");
            acknowledged[onMajority.Name] = onMajority;
        }

        proxy.Heal();
        await grid.WaitForMembersUpAsync("node-6", all);
        await grid.WaitForMembersUpAsync("node-1", all);
        foreach (var reader in new[] { "node-6", "node-3" })
        {
            var client = grid.Client(reader);
            foreach (var o in acknowledged.Values)
            {
                var destination = new MemoryStream();
                var result = await client.GetAsync(o.Partition, o.Name, destination);
                Assert.True(result.Status == ObjectGetStatus.Ok, $"{o.Name} via {reader}: {result.Status} {result.Detail}");
                Assert.True(destination.ToArray().AsSpan().SequenceEqual(o.Bytes), $"{o.Name} via {reader}: wrong bytes");
                Assert.Equal(1, result.VersionCount);
            }
        }
    }
}
