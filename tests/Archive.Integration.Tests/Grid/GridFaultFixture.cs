using Archive.Grid.Grpc.Client;
using Grpc.Core;

namespace Archive.Integration.Tests.Grid;

/// <summary>One 6-node grid for <see cref="GridFaultTests"/>, loaded with the mixed object set through node-1.</summary>
public sealed class GridFaultFixture : IAsyncLifetime
{
    public GridHarness? Grid { get; private set; }

    public IReadOnlyList<TestObjects.TestObject> Objects { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ARCHIVE_GRID_FAULTS")))
        {
            return; // every test of the class is skipped (GridFactAttribute)
        }

        // The fault tests check what the writer records in the repair queue; repair has its own tests.
        Grid = await GridHarness.StartAsync("faults", settings: new Dictionary<string, string> { ["Repair:Enabled"] = "false" });
        await Grid.WaitForMembersUpAsync("node-1", Grid.Cluster.Nodes.Select(n => n.Id));
        await Grid.WarmUpAsync();
        Objects = TestObjects.Make(GridHarness.LongMode ? 300 : 60, seed: 6, prefix: "faults");
        var client = Grid.Client("node-1");
        await Parallel.ForEachAsync(Objects, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, ct) =>
        {
            var result = await client.PutAsync(o.Partition, o.Name, new MemoryStream(o.Bytes), o.Bytes.Length, ReadOnlyMemory<byte>.Empty, ct);
            if (!result.IsAcknowledged || result.MissedShards != 0)
            {
                throw new InvalidOperationException($"setup write of {o.Name} not clean: {result.StatusName} {result.Detail} missed {result.MissedShards}");
            }
        });

        await WaitForFullRedundancyAsync();
        await CheckEveryObjectWholeAndSpreadAsync();
    }

    /// <summary>
    /// "Any two nodes dead" holds only for objects with every shard good, one per node: a setup put that failed after the
    /// acknowledgement (repair is off) or a crowded placement would fail a later kill test for a reason of its own.
    /// </summary>
    private async Task CheckEveryObjectWholeAndSpreadAsync()
    {
        var verified = await Grid!.VerifyAsync("node-1", Objects);
        var problems = Objects
            .Select(o => verified.TryGetValue(o.Name, out var v)
                ? v.OkShards != v.TotalShards || v.Crowded.Count > 0 ? $"{o.Name}: {v.OkShards} of {v.TotalShards} shards good, {v.Crowded.Count} crowded domain(s) ({string.Join(", ", v.Bad.Select(b => $"{b.Shard}@{b.NodeId} {b.Status}"))})" : null
                : $"{o.Name}: not verified")
            .OfType<string>()
            .ToArray();
        if (problems.Length > 0)
        {
            throw new InvalidOperationException("setup objects not whole and spread:\n" + string.Join("\n", problems.Take(10)));
        }
    }

    /// <summary>
    /// A write is acknowledged at its quorum (k + 1 shards, a majority of the manifest replicas); the puts still
    /// running land just after. Repair is off here, so a fault test that killed nodes before they landed would leave
    /// the last objects short of full redundancy for good, and "any two nodes dead" would no longer hold for them
    /// (seen once in CI under load). Waits until every replica holds every manifest and no node's shard inventory
    /// has grown for a second.
    /// </summary>
    private async Task WaitForFullRedundancyAsync()
    {
        var partitions = Objects.Select(o => o.Partition).Distinct().ToArray();
        var expectedManifests = Objects.Count * 3; // m + 1 replicas of each catalog partition
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        (long Manifests, long Shards) last = (-1, -1);
        while (DateTime.UtcNow < deadline)
        {
            var now = await CountAsync(partitions);
            if (now == last && now.Manifests >= expectedManifests)
            {
                return;
            }

            last = now;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"setup objects not at full redundancy after 60 s: {last.Manifests} of {expectedManifests} manifest replicas, {last.Shards} shards");
    }

    private async Task<(long Manifests, long Shards)> CountAsync(IReadOnlyList<string> partitions)
    {
        long manifests = 0, shards = 0;
        foreach (var node in Grid!.Cluster.Nodes)
        {
            var channel = Grid.Channel(node.Id);
            foreach (var partition in partitions)
            {
                using var list = channel.Manifests.ListPartition(new Contracts.V1.ListPartitionRequest { PartitionKey = partition }, channel.Call(default));
                await foreach (var _ in list.ResponseStream.ReadAllAsync())
                {
                    manifests++;
                }
            }

            using var inventory = channel.Shards.List(new Contracts.V1.ListShardsRequest(), channel.Call(default));
            await foreach (var _ in inventory.ResponseStream.ReadAllAsync())
            {
                shards++;
            }
        }

        return (manifests, shards);
    }

    /// <summary>Reads <paramref name="o"/> through <paramref name="client"/>: the result and the bytes received.</summary>
    public static async Task<(ObjectGetResult Result, byte[] Bytes)> ReadAsync(ObjectClient client, TestObjects.TestObject o)
    {
        var destination = new MemoryStream();
        var result = await client.GetAsync(o.Partition, o.Name, destination);
        return (result, destination.ToArray());
    }

    public async Task DisposeAsync()
    {
        if (Grid is not null)
        {
            await Grid.DisposeAsync();
        }
    }
}
