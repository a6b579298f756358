using Archive.Grid.Grpc.Client;

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
