using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// Draining a node on a real 7-node ec-4-2 grid (issue 7): <c>archivectl drain node-7 --wait</c> marks it
/// draining in a new map epoch; every node moves the shards it owns off node-7 (copy, verify, commit,
/// delete) and refills the catalog replicas node-7 gave up; when the command returns, node-7 holds no
/// shard (<c>archivectl rebalance status --json</c> agrees, exit 0), and with node-7 and then a second node killed every object still reads back bit-exact and
/// verifies with k+m shards.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GridDrainTests(ITestOutputHelper output)
{
    [GridFact]
    public async Task Drain_NodeEndsEmpty_AndTheGridReadsEverythingWithoutIt()
    {
        await using var grid = await GridHarness.StartAsync("drain", nodes: 7, settings: new Dictionary<string, string>
        {
            ["Rebalance:SettleDelay"] = "00:00:01",
            ["Rebalance:RetryDelay"] = "00:00:03",
            ["Rebalance:DeleteGrace"] = "00:00:00",
            ["Rebalance:BytesPerSecond"] = "1073741824",
        });
        await grid.WaitForMembersUpAsync("node-1", grid.Cluster.Nodes.Select(n => n.Id));
        await grid.WarmUpAsync();
        var objects = TestObjects.Make(GridHarness.LongMode ? 80 : 30, seed: 21, prefix: "drain");
        await grid.WriteAllAsync("node-1", objects);
        var before = await grid.ShardsOnAsync("node-7");
        Assert.True(before > 0);

        var clock = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await grid.ArchivectlAsync("drain", "node-7", "--wait", "--interval", "00:00:01", "--timeout", "00:04:00", "--json");
        Assert.True(exit == 0, $"archivectl drain exited {exit}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.True(report.RootElement.GetProperty("settled").GetBoolean(), stdout);
        Assert.Equal(0, await grid.ShardsOnAsync("node-7"));
        var (statusExit, status, _) = await grid.ArchivectlAsync("rebalance", "status", "--json");
        using var settled = JsonDocument.Parse(status);
        Assert.True(statusExit == 0 && settled.RootElement.GetProperty("settled").GetBoolean(), status);
        Assert.Contains(settled.RootElement.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("nodeId").GetString() == "node-7" && n.GetProperty("state").GetString() == "draining" && n.GetProperty("shards").GetInt64() == 0);
        output.WriteLine($"node-7 drained: {before} shards moved in {clock.Elapsed.TotalSeconds:F1} s (load {GridMaintenance.Load()})");

        // The README's last step: marked retired in the map and stopped, it is no longer asked, so rebalance status settles.
        var retired = await grid.SetNodeStateAsync("node-7", from: "draining", to: "retired");
        grid.Cluster.Kill("node-7");
        await grid.WaitForRebalanceSettledAsync(retired, TimeSpan.FromMinutes(1));
        await grid.WaitForFullRedundancyAsync("node-1", objects, TimeSpan.FromMinutes(1));
        grid.Cluster.Kill("node-3");
        var failures = await grid.ReadFailuresAsync("node-2", objects);
        Assert.True(failures.Count == 0, "node-7 drained and killed, node-3 killed:\n" + string.Join("\n", failures.Take(10)));
    }
}
