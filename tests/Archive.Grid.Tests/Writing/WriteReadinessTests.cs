using Archive.Grid.Map;
using Archive.Grid.Writing;
using Archive.Testing;

namespace Archive.Grid.Tests.Writing;

/// <summary>Status says when writes can be refused: more nodes down than a write's quorum leaves room for.</summary>
public sealed class WriteReadinessTests
{
    private static readonly GridWriteOptions Defaults = new();

    [Theory]
    [InlineData(6, 0, new string[0])]
    [InlineData(6, 1, new string[0])]
    [InlineData(6, 2, new[] { "ec-4-2", "rep-3" })]
    [InlineData(12, 2, new[] { "ec-4-2", "rep-3" })] // an object whose shards include both down nodes has only 4 of 6
    [InlineData(3, 1, new[] { "ec-4-2" })] // two shards per node: one node down can take two
    [InlineData(1, 0, new string[0])] // a single node: its own disks
    public void Risks_ByNodesDown(int nodes, int down, string[] refusedClasses)
    {
        var map = MapBuilder.Build(1, 1, nodes, 2, null, new StorageClass("ec-4-2", 4, 2), new StorageClass("rep-3", 1, 2));
        var downIds = map.Nodes.Take(down).Select(n => n.Id).ToHashSet();

        var risks = WriteReadiness.Risks(map, Defaults, downIds.Contains);

        Assert.Equal(refusedClasses, risks.Select(r => r.Split(' ')[3]));
        Assert.All(risks, r => Assert.Contains($"{down} of the {nodes} nodes taking shards are down or not answering", r, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 6, 0, 2, new[] { "ec-4-2" })] // a single node, two of its six disks full: four shards fit, five needed
    [InlineData(1, 6, 0, 1, new string[0])]
    [InlineData(3, 2, 0, 2, new[] { "ec-4-2", "ec-2-1" })] // one node of three full: the other two take two shards each of ec-4-2, one of ec-2-1
    [InlineData(6, 2, 0, 2, new string[0])] // one node of six full: the others take its shards
    [InlineData(6, 1, 1, 2, new[] { "ec-4-2", "ec-2-1" })] // one disk per node, two full, one node down: three fit
    public void Risks_ByDisksFull(int nodes, int disksPerNode, int down, int fullDisks, string[] refusedClasses)
    {
        var map = MapBuilder.Build(1, 1, nodes, disksPerNode, null, new StorageClass("ec-4-2", 4, 2), new StorageClass("ec-2-1", 2, 1), new StorageClass("rep-3", 1, 2));
        var downIds = map.Nodes.Skip(nodes - down).Select(n => n.Id).ToHashSet();
        var full = map.Nodes.SelectMany(n => n.Disks).Take(fullDisks).Select(d => d.Id).ToHashSet();

        var risks = WriteReadiness.Risks(map, Defaults, downIds.Contains, full);

        Assert.Equal(refusedClasses, risks.Select(r => r.Split(' ')[3]));
        Assert.All(risks, r => Assert.Contains($"{fullDisks} disk(s) of the nodes up take no new shards (full or failed)", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Risks_NoNodeTakesShards_EveryClassRefused()
    {
        var map = MapBuilder.Build(1, 1, 3, 1, null, new StorageClass("ec-2-1", 2, 1));
        var draining = map with { Nodes = map.Nodes.Select(n => n with { State = NodeState.Draining }).ToArray() };
        Assert.Equal(["writes of class ec-2-1 are refused: no node takes new shards"], WriteReadiness.Risks(draining, Defaults, _ => false));
    }
}
