using Archive.Contracts.V1;
using Archive.Grid.Grpc.Client;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// What the repair, scrub and drain campaigns ask of a running grid, through the same MaintenanceService
/// calls archivectl makes (<c>scrub start --now</c>, <c>scrub status</c>, <c>repair status</c>,
/// <c>rebalance status</c>, <c>verify</c>): writes, scrub passes, repair backlog, shards held per node,
/// per-object verification and bit-exact reads.
/// </summary>
internal static class GridMaintenance
{
    /// <summary>The 1-, 5- and 15-minute load averages, for figures printed by the tests.</summary>
    public static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The nodes whose process is running.</summary>
    public static string[] LiveNodes(this GridHarness grid) => grid.Cluster.Nodes.Where(n => n.Pid > 0).Select(n => n.Id).ToArray();

    /// <summary>The shards <paramref name="nodeId"/> holds on all its disks (its rebalance status, as <c>rebalance status</c> shows it).</summary>
    public static async Task<long> ShardsOnAsync(this GridHarness grid, string nodeId)
    {
        var channel = grid.Channel(nodeId);
        var status = await channel.Maintenance.RebalanceStatusAsync(new RebalanceStatusRequest(), channel.Call(default));
        return status.Disks.Sum(d => d.Shards);
    }

    /// <summary>Writes every object through <paramref name="via"/>; each must be acknowledged with no missed shard.</summary>
    public static async Task WriteAllAsync(this GridHarness grid, string via, IReadOnlyList<TestObjects.TestObject> objects)
    {
        var client = grid.Client(via);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, ct) =>
        {
            var result = await client.PutAsync(o.Partition, o.Name, new MemoryStream(o.Bytes), o.Bytes.Length, ReadOnlyMemory<byte>.Empty, ct);
            if (!result.IsAcknowledged || result.MissedShards != 0)
            {
                throw new InvalidOperationException($"setup write of {o.Name} not clean: {result.StatusName} {result.Detail} missed {result.MissedShards}");
            }
        });
    }

    /// <summary>Starts a scrub pass at once on <paramref name="nodes"/> and waits until every disk of each completed one started after this call.</summary>
    public static async Task<Dictionary<string, ScrubStatusReply>> ScrubNowAsync(this GridHarness grid, IReadOnlyList<string> nodes, TimeSpan timeout)
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var node in nodes)
        {
            var channel = grid.Channel(node);
            await channel.Maintenance.ScrubStartAsync(new ScrubStartRequest { Now = true }, channel.Call(default));
        }

        var deadline = DateTime.UtcNow + timeout;
        var statuses = new Dictionary<string, ScrubStatusReply>();
        while (true)
        {
            foreach (var node in nodes)
            {
                statuses[node] = await grid.ScrubStatusAsync(node);
            }

            if (statuses.Values.All(s => s.Disks.All(d => d.PassStartedUnixMs == 0 && d.LastPassStartedUnixMs >= since)))
            {
                return statuses;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("scrub passes not completed: " + string.Join("\n", statuses.Values));
            }

            await Task.Delay(200);
        }
    }

    public static async Task<ScrubStatusReply> ScrubStatusAsync(this GridHarness grid, string node)
    {
        var channel = grid.Channel(node);
        return await channel.Maintenance.ScrubStatusAsync(new ScrubStatusRequest(), channel.Call(default));
    }

    public static async Task<RepairStatusReply> RepairStatusAsync(this GridHarness grid, string node)
    {
        var channel = grid.Channel(node);
        return await channel.Maintenance.RepairStatusAsync(new RepairStatusRequest { MaxItems = 1000 }, channel.Call(default));
    }

    /// <summary>Every item of <paramref name="node"/>'s repair queue.</summary>
    public static async Task<IReadOnlyList<RepairItemMessage>> RepairItemsAsync(this GridHarness grid, string node)
    {
        var channel = grid.Channel(node);
        return (await channel.Admin.ListRepairsAsync(new ListRepairsRequest { Max = 100_000 }, channel.Call(default))).Items;
    }

    /// <summary>
    /// <c>verify</c> of every study holding <paramref name="objects"/>, through <paramref name="via"/>:
    /// the verification of each object by name (absent when no catalog replica answered for it).
    /// </summary>
    public static async Task<Dictionary<string, VerifiedObject>> VerifyAsync(this GridHarness grid, string via, IEnumerable<TestObjects.TestObject> objects)
    {
        var channel = grid.Channel(via);
        var wanted = objects.ToArray();
        var names = wanted.Select(o => o.Name).ToHashSet();
        var found = new Dictionary<string, VerifiedObject>();
        foreach (var study in wanted.Select(o => o.Partition).Distinct())
        {
            var reply = await channel.Maintenance.VerifyAsync(new VerifyRequest { Uid = study }, channel.Call(default));
            foreach (var verified in reply.Objects.Where(v => names.Contains(v.ObjectName)))
            {
                found[verified.ObjectName] = verified;
            }
        }

        return found;
    }

    /// <summary>
    /// Waits until no live node has a repair backlog and every object verifies with all its k+m shards
    /// (per part) good where its manifest places them; fails with what is still missing.
    /// </summary>
    public static async Task WaitForFullRedundancyAsync(this GridHarness grid, string via, IReadOnlyList<TestObjects.TestObject> objects, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var backlog = 0L;
            foreach (var node in grid.LiveNodes())
            {
                backlog += (await grid.RepairStatusAsync(node)).QueueDepth;
            }

            var incomplete = backlog == 0 ? Incomplete(objects, await grid.VerifyAsync(via, objects)) : ["(backlog first)"];
            if (backlog == 0 && incomplete.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not back to full redundancy after {timeout}: backlog {backlog}, {incomplete.Count} objects below k+m:\n" + string.Join("\n", incomplete.Take(10)));
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>The objects of <paramref name="objects"/> that <paramref name="verified"/> does not show with every shard good.</summary>
    public static List<string> Incomplete(IEnumerable<TestObjects.TestObject> objects, Dictionary<string, VerifiedObject> verified) =>
        objects.Where(o => !verified.TryGetValue(o.Name, out var v) || v.OkShards != v.TotalShards || v.TotalShards != v.Parts * (v.DataShards + v.ParityShards))
            .Select(o => verified.TryGetValue(o.Name, out var v)
                ? $"{o.Name}: {v.OkShards}/{v.TotalShards} ok, bad: {string.Join(", ", v.Bad.Select(b => $"part {b.Part} shard {b.Shard} on {b.NodeId} {b.Status}"))}"
                : $"{o.Name}: not found by verify")
            .ToList();

    /// <summary>Reads every object through <paramref name="via"/>; returns those that did not come back bit-exact.</summary>
    public static async Task<List<string>> ReadFailuresAsync(this GridHarness grid, string via, IEnumerable<TestObjects.TestObject> objects)
    {
        var client = grid.Client(via);
        var failures = new List<string>();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, _) =>
        {
            var (result, bytes) = await GridFaultFixture.ReadAsync(client, o);
            if (result.Status != ObjectGetStatus.Ok || !bytes.AsSpan().SequenceEqual(o.Bytes))
            {
                lock (failures)
                {
                    failures.Add($"{o.Name} ({o.Bytes.Length} B): {result.Status} {result.Detail}");
                }
            }
        });
        return failures;
    }

    /// <summary>
    /// What an operator does to change a node's state: <c>map show</c>, the state set from <paramref name="from"/> to
    /// <paramref name="to"/> in a map one epoch higher, <c>map apply</c> (not forced).
    /// </summary>
    /// <returns>The epoch of the applied map.</returns>
    public static async Task<long> SetNodeStateAsync(this GridHarness grid, string nodeId, string from, string to)
    {
        var (showExit, shown, showError) = await grid.ArchivectlAsync("map", "show");
        Assert.True(showExit == 0, $"archivectl map show exited {showExit}\n{showError}");
        var map = System.Text.Json.Nodes.JsonNode.Parse(shown)!.AsObject();
        var epoch = map["epoch"]!.GetValue<long>() + 1;
        map["epoch"] = epoch;
        var node = map["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == nodeId)!;
        Assert.Equal(from, node["state"]!.GetValue<string>(), ignoreCase: true);
        node["state"] = to;
        var file = Path.Combine(grid.Directory, $"map-{epoch}.json");
        await File.WriteAllTextAsync(file, map.ToJsonString());

        var (exit, stdout, stderr) = await grid.ArchivectlAsync("map", "apply", file);
        Assert.True(exit == 0, $"archivectl map apply (epoch {epoch}, {nodeId} {to}) exited {exit}\n{stdout}\n{stderr}");
        return epoch;
    }

    /// <summary>Follows <c>archivectl rebalance status --json</c> until every node asked settled <paramref name="epoch"/> (or later).</summary>
    public static async Task WaitForRebalanceSettledAsync(this GridHarness grid, long epoch, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (exit, stdout, stderr) = await grid.ArchivectlAsync("rebalance", "status", "--json");
            if (exit == 0)
            {
                using var report = System.Text.Json.JsonDocument.Parse(stdout);
                if (report.RootElement.GetProperty("settled").GetBoolean() && report.RootElement.GetProperty("mapEpoch").GetInt64() >= epoch)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"rebalance for epoch {epoch} not settled after {timeout} (exit {exit})\n{stdout}\n{stderr}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
