using System.Diagnostics;
using Archive.Grid.Map;
using Archive.Grid.Peers;
using Xunit.Abstractions;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// A node drained and then made active again, on a real 7-node ec-4-2 grid (the data-loss defect of a drain undone).
/// The node is the first catalog replica (the owner, which moves the shards) of the most test studies, so it comes back
/// holding old copies of manifests it decides for. Twice: <c>archivectl drain NODE --wait</c> empties it, objects are
/// written without it, a map applied with <c>archivectl map apply</c> sets it active again, and <c>archivectl rebalance
/// status --json</c> is followed until every node settled; the node then holds shards again, and every acknowledged
/// object reads back bit-exact (through that node and another) and verifies with all k+m shards where its manifest
/// places them; more objects are written. At the end every object still reads back bit-exact with that node and a
/// second one killed. Before the fix the node back with its old placements moved nothing and sent readers where shards
/// no longer were, and an old copy's delete by key could take a shard moved back within the grace period: objects read
/// through it failed with "only 3 of the 4 shards needed could be read" while <c>status</c> said healthy.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GridReactivateTests(ITestOutputHelper output)
{
    /// <summary>Prime to the six size classes of <see cref="TestObjects"/>, so each study gets objects of several sizes.</summary>
    private static readonly int Studies = GridHarness.LongMode ? 11 : 5;

    private static readonly int PerBatch = Studies * (GridHarness.LongMode ? 4 : 3);

    private static readonly TimeSpan SettleTimeout = GridHarness.LongMode ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(2);

    [GridFact]
    public async Task DrainedNodeMadeActiveAgain_EveryObjectKeepsKPlusMShardsAndReadsWithTwoNodesKilled()
    {
        await using var grid = await GridHarness.StartAsync("reactivate", nodes: 7, settings: new Dictionary<string, string>
        {
            ["Rebalance:SettleDelay"] = "00:00:01",
            ["Rebalance:RetryDelay"] = "00:00:03",
            ["Rebalance:DeleteGrace"] = "00:00:02",
            ["Rebalance:BytesPerSecond"] = "1073741824",
        });
        await grid.WaitForMembersUpAsync("node-1", grid.Cluster.Nodes.Select(n => n.Id));
        await grid.WarmUpAsync();
        var objects = new List<TestObjects.TestObject>();

        // Every batch goes to the same studies: later writes land in partitions whose replicas moved about.
        async Task WriteAsync(string via, int seed)
        {
            var batch = TestObjects.Make(PerBatch, seed, prefix: "reactivate", studies: Studies);
            await grid.WriteAllAsync(via, batch);
            objects.AddRange(batch);
        }

        await WriteAsync("node-1", seed: 31);
        var node = await OwnerOfMostStudiesAsync(grid, objects);
        var others = grid.Cluster.Nodes.Select(n => n.Id).Where(id => id != node).ToArray();
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= 2; round++)
        {
            var (exit, stdout, stderr) = await grid.ArchivectlAsync("drain", node, "--wait", "--interval", "00:00:01", "--timeout", SettleTimeout.ToString(), "--json");
            Assert.True(exit == 0, $"round {round}: archivectl drain {node} exited {exit}\n{stdout}\n{stderr}");
            Assert.Equal(0, await grid.ShardsOnAsync(node));
            var drained = clock.Elapsed;
            await WriteAsync(others[round], seed: 40 + round); // placed on the six nodes left; the node is no catalog replica

            var epoch = await grid.SetNodeStateAsync(node, from: "draining", to: "active");
            await grid.WaitForRebalanceSettledAsync(epoch, SettleTimeout);
            var back = await grid.ShardsOnAsync(node);
            Assert.True(back > 0, $"round {round}: {node} active again in epoch {epoch} but holds no shard once the rebalance settled");
            output.WriteLine($"round {round}: {node} drained at {drained.TotalSeconds:F1} s, active again in epoch {epoch} and settled at {clock.Elapsed.TotalSeconds:F1} s holding {back} shards (load {GridMaintenance.Load()})");
            await AssertWholeAsync(grid, objects, [node, others[0]], $"round {round}: {node} drained and made active again");
            await WriteAsync(round == 1 ? others[0] : node, seed: 50 + round);
        }

        await AssertWholeAsync(grid, objects, [node, others[0]], $"{node} drained and made active again twice, then written through");
        output.WriteLine($"{objects.Count} objects read back and verified with k+m shards at {clock.Elapsed.TotalSeconds:F1} s");

        grid.Cluster.Kill(node);
        grid.Cluster.Kill(others[^1]);
        var killed = await grid.ReadFailuresAsync(others[0], objects);
        Assert.True(killed.Count == 0, $"{node} (drained and made active again twice) and {others[^1]} killed:\n" + string.Join("\n", killed.Take(10)));
    }

    /// <summary>Every object reads back bit-exact through each of <paramref name="via"/>, then verifies with all its k+m shards.</summary>
    private static async Task AssertWholeAsync(GridHarness grid, IReadOnlyList<TestObjects.TestObject> objects, string[] via, string after)
    {
        foreach (var reader in via)
        {
            var failures = await grid.ReadFailuresAsync(reader, objects);
            Assert.True(failures.Count == 0, $"{after}, read through {reader}:\n" + string.Join("\n", failures.Take(10)));
        }

        await grid.WaitForFullRedundancyAsync(via[^1], objects, TimeSpan.FromMinutes(1));
    }

    /// <summary>The node that is the first catalog replica of the most studies of <paramref name="objects"/> on the map in force.</summary>
    private async Task<string> OwnerOfMostStudiesAsync(GridHarness grid, IEnumerable<TestObjects.TestObject> objects)
    {
        var (exit, shown, error) = await grid.ArchivectlAsync("map", "show");
        Assert.True(exit == 0, $"archivectl map show exited {exit}\n{error}");
        var map = GridMapJson.Parse(shown);
        var owners = objects.Select(o => o.Partition).Distinct().GroupBy(study => ManifestDirectory.ReplicasOf(map, study)[0].Id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
        output.WriteLine("owners of the test studies: " + string.Join(", ", owners.Select(g => $"{g.Key} {g.Count()}")));
        return owners[0].Key;
    }
}
