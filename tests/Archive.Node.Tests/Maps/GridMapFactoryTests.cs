using Archive.Grid.Map;
using Archive.Node.Maps;

namespace Archive.Node.Tests.Maps;

public sealed class GridMapFactoryTests
{
    internal static NodeDescriptor Node(string id, int disks, int port = 7100) =>
        new(id, $"http://127.0.0.1:{port}", "site-1", "rack-1", Enumerable.Range(0, disks).Select(d => new DiskDescriptor($"{id}-disk{d}".Replace("-", "", StringComparison.Ordinal), $"/d{d}", 1.0)).ToArray());

    [Theory]
    [InlineData("ec-4-2", 4, 2)]
    [InlineData("ec-10-4", 10, 4)]
    [InlineData("rep-3", 1, 2)]
    [InlineData("rep-2", 1, 1)]
    public void StorageClassNames_ValidName_ParsesKAndM(string name, int k, int m)
    {
        Assert.Equal(new StorageClass(name, k, m), StorageClassNames.Parse(name));
    }

    [Theory]
    [InlineData("ec-4")]
    [InlineData("rep-1")]
    [InlineData("ec-0-2")]
    [InlineData("raid5")]
    public void StorageClassNames_OtherName_Refused(string name)
    {
        Assert.Throws<ArgumentException>(() => StorageClassNames.Parse(name));
    }

    [Fact]
    public void InitsLine_AppendedToTheMapsNodes_IsAValidMapEntry()
    {
        // Sweep R (session 18): the README's "to add a node" said to put init's line in the map; the map refused it
        // (no "state" on the node or its disks).
        var map = GridMapFactory.Create("local", [Node("node-1", 6)], "ec-4-2", "rep-3", 65536);
        var line = System.Text.Json.JsonSerializer.Serialize(Node("node-2", 2, 7110), NodeDescriptorJson.Default.NodeDescriptor);
        var json = System.Text.Json.Nodes.JsonNode.Parse(GridMapJson.Serialize(map))!;
        json["epoch"] = map.Epoch + 1;
        json["nodes"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(line));

        var bigger = GridMapJson.Parse(json.ToJsonString());

        var added = Assert.Single(bigger.Nodes, n => n.Id == "node-2");
        Assert.Equal(NodeState.Active, added.State);
        Assert.All(added.Disks, d => Assert.Equal(DiskState.Active, d.State));
    }

    [Fact]
    public void Create_SingleNodeSixDisks_EpochOneWithBothClasses()
    {
        var map = GridMapFactory.Create("local", [Node("node-1", 6)], "ec-4-2", "rep-3", 65536);

        Assert.Equal(1, map.Epoch);
        Assert.Single(map.Nodes);
        Assert.Equal(6, map.Nodes[0].Disks.Count);
        Assert.Equal("rep-3", map.Policy.ClassFor(1000));
        Assert.Equal("ec-4-2", map.Policy.ClassFor(65536));
    }

    [Fact]
    public void Create_FewerDisksThanShards_RefusedWithTheReason()
    {
        var error = Assert.Throws<GridMapException>(() => GridMapFactory.Create("local", [Node("node-1", 4)], "ec-4-2", null, 0));

        Assert.Contains("distinct disks", error.Message, StringComparison.Ordinal);
    }
}
