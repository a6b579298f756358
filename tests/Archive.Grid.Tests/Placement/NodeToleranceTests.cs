using Archive.Grid.Map;
using Archive.Grid.Placement;
using Archive.Testing;

namespace Archive.Grid.Tests.Placement;

/// <summary>Status says when a class's objects survive fewer than m nodes down: fewer nodes take shards than an object has.</summary>
public sealed class NodeToleranceTests
{
    [Theory]
    [InlineData(6, 0, new string[0])]
    [InlineData(6, 1, new[] { "ec-4-2 survive 1 node(s) down, not 2" })] // one drained: two shards of an object on one node
    [InlineData(4, 0, new[] { "ec-4-2 survive 1 node(s) down, not 2" })]
    [InlineData(3, 0, new[] { "ec-4-2 survive 1 node(s) down, not 2" })]
    [InlineData(2, 0, new[] { "ec-4-2 survive 0 node(s) down, not 2", "rep-3 survive 1 node(s) down, not 2" })]
    [InlineData(1, 0, new string[0])] // a single node: its disks are the domains
    [InlineData(3, 2, new[] { "ec-4-2 survive 0 node(s) down, not 2", "rep-3 survive 0 node(s) down, not 2" })] // sweep O: two of three drained said HEALTHY
    public void Risks_ByNodesTakingShards(int nodes, int drained, string[] expected)
    {
        var map = MapBuilder.Build(1, 1, nodes, 2, null, new StorageClass("ec-4-2", 4, 2), new StorageClass("rep-3", 1, 2));
        map = map with { Nodes = map.Nodes.Select((n, i) => i < drained ? n with { State = NodeState.Draining } : n).ToArray() };

        var risks = NodeTolerance.Risks(map);

        Assert.Equal(expected.Length, risks.Count);
        Assert.All(expected.Zip(risks), pair => Assert.Contains(pair.First, pair.Second, StringComparison.Ordinal));
    }
}
