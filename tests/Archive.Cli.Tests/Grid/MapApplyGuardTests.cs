using Archive.Grid.Map;

namespace Archive.Cli.Tests.Grid;

/// <summary>
/// `map apply` refuses a change that would leave some catalog partitions none of their replicas (their studies would
/// answer nothing until refilled), or that drops a node not yet retired (its shards out of reach); `map diff` names both. The map is never sent, so the shared grid is untouched.
/// </summary>
[Collection(LocalGridCollection.Name)]
public sealed class MapApplyGuardTests(LocalGridFixture grid)
{
    [Fact]
    public async Task Apply_ThreeNodesAddedAtOnce_RefusedWithTheStepToTake_AndDiffNamesIt()
    {
        var (_, shown, _) = await grid.Run("map", "show");
        var current = GridMapJson.Parse(shown);
        var template = current.Nodes[0];
        // The grid keeps rep-3 for small objects: every partition has 3 replicas, on its 3 nodes. Three new ones of six
        // take all three of a partition's replicas with probability 1 / C(6, 3) = 5%.
        var added = Enumerable.Range(0, 3).Select(i => template with
        {
            Id = $"node-new-{i}",
            Address = $"http://127.0.0.1:{NetworkCommandFixtureFreePort()}",
            Disks = template.Disks.Select(d => d with { Id = Guid.NewGuid().ToString("N") }).ToArray(),
        });
        var proposed = current with { Epoch = current.Epoch + 1, Nodes = [.. current.Nodes, .. added] };
        var file = Path.Combine(Path.GetTempPath(), "grown-map-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, GridMapJson.Serialize(proposed));
        try
        {
            var (code, _, error) = await grid.Run("map", "apply", file);
            Assert.Equal(ExitCodes.Failed, code);
            Assert.Contains("keep none of their replicas", error, StringComparison.Ordinal);
            Assert.Contains("steps of at most 2 node(s)", error, StringComparison.Ordinal);

            var (_, diff, _) = await grid.Run("map", "diff", file);
            Assert.Contains("no-replica-kept", diff, StringComparison.Ordinal);
            var (_, after, _) = await grid.Run("map", "show");
            Assert.Equal(current.Epoch, GridMapJson.Parse(after).Epoch);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Apply_AnActiveNodeRemoved_RefusedUntilDrainedAndRetired_AndDiffNamesIt()
    {
        // Sweep S: a map dropping two active, undrained nodes of an ec-2-1 grid was applied without a word, and
        // acknowledged objects became unreadable ("not in the grid map") until the nodes were put back.
        var (_, shown, _) = await grid.Run("map", "show");
        var current = GridMapJson.Parse(shown);
        var removed = current.Nodes[^1].Id;
        var proposed = current with { Epoch = current.Epoch + 1, Nodes = current.Nodes.Take(current.Nodes.Count - 1).ToArray() };
        var file = Path.Combine(Path.GetTempPath(), "shrunk-map-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, GridMapJson.Serialize(proposed));
        try
        {
            var (code, _, error) = await grid.Run("map", "apply", file);
            Assert.Equal(ExitCodes.Failed, code);
            Assert.Contains($"removes or retires {removed} without a drain", error, StringComparison.Ordinal);

            var (_, diff, _) = await grid.Run("map", "diff", file, "--json");
            Assert.Contains("removed-undrained", diff, StringComparison.Ordinal);
            var (_, after, _) = await grid.Run("map", "show");
            Assert.Equal(current.Epoch, GridMapJson.Parse(after).Epoch);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static int NetworkCommandFixtureFreePort() => Network.NetworkCommandFixture.FreePort();
}
