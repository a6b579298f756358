namespace Archive.Integration.Tests.Grid;

/// <summary>
/// One 6-node ec-4-2 grid for <see cref="GridRepairTests"/> with repair on and short periods (a node
/// silent for 10 s is replaced), loaded with the mixed object set through node-1. Anti-entropy keeps its daily
/// period: a node killed for good must be rebuilt because it fell silent, not because a check came round (sweep P).
/// </summary>
public sealed class GridRepairFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReplaceAfter = TimeSpan.FromSeconds(10);

    public GridHarness? Grid { get; private set; }

    public IReadOnlyList<TestObjects.TestObject> Objects { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ARCHIVE_GRID_FAULTS")))
        {
            return; // every test of the class is skipped (GridFactAttribute)
        }

        Grid = await GridHarness.StartAsync("repair", settings: new Dictionary<string, string>
        {
            ["Repair:ReplaceAfter"] = ReplaceAfter.ToString(),
            ["Repair:IdleDelay"] = "00:00:00.500",
            ["Repair:RetryBackoff"] = "00:00:01",
            ["Repair:MaxRetryBackoff"] = "00:00:05",
        });
        await Grid.WaitForMembersUpAsync("node-1", Grid.Cluster.Nodes.Select(n => n.Id));
        await Grid.WarmUpAsync();
        Objects = TestObjects.Make(GridHarness.LongMode ? 120 : 30, seed: 7, prefix: "repair");
        await Grid.WriteAllAsync("node-1", Objects);
    }

    public async Task DisposeAsync()
    {
        if (Grid is not null)
        {
            await Grid.DisposeAsync();
        }
    }
}
