using Archive.Grid.Map;

namespace Archive.Grid.Tests.Map;

public sealed class GridMapJsonTests
{
    private const string Valid = """
        {
          "formatVersion": 1,
          "clusterId": "region-1",
          "epoch": 3,
          "nodes": [
            { "id": "n1", "address": "http://127.0.0.1:7101", "site": "chu-a", "rack": "r1", "state": "active",
              "disks": [ { "id": "n1-d1", "weight": 12, "state": "active" }, { "id": "n1-d2", "weight": 12, "state": "failed" } ] },
            { "id": "n2", "address": "http://127.0.0.1:7102", "site": "chu-b", "rack": "r1", "state": "draining",
              "disks": [ { "id": "n2-d1", "weight": 12, "state": "active" } ] },
            { "id": "n3", "address": "https://n3.example:7100", "site": "chu-b", "rack": "r2", "state": "active",
              "disks": [ { "id": "n3-d1", "weight": 8, "state": "active" }, { "id": "n3-d2", "weight": 8, "state": "active" } ] }
          ],
          "storageClasses": [ { "name": "ec-1-2", "dataShards": 1, "parityShards": 2 } ],
          "policy": { "defaultClass": "ec-1-2", "smallObjectClass": null, "smallObjectThresholdBytes": 0 }
        }
        """;

    [Fact]
    public void Parse_ValidMap_ReadsEveryField()
    {
        var map = GridMapJson.Parse(Valid);
        Assert.Equal("region-1", map.ClusterId);
        Assert.Equal(3, map.Epoch);
        Assert.Equal(NodeState.Draining, map.FindNode("n2")!.State);
        Assert.Equal(DiskState.Failed, map.FindNode("n1")!.Disks[1].State);
        Assert.Equal(3, map.FindClass("ec-1-2")!.TotalShards);
    }

    [Fact]
    public void Serialize_ThenParse_GivesEqualMap()
    {
        var map = GridMapJson.Parse(Valid);
        var again = GridMapJson.Parse(GridMapJson.Serialize(map));
        Assert.Equal(GridMapJson.Serialize(map), GridMapJson.Serialize(again));
        Assert.Contains("\"state\": \"draining\"", GridMapJson.Serialize(map), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"epoch\": 3", "\"epoch\": 0", "epoch must be at least 1")]
    [InlineData("\"id\": \"n2\"", "\"id\": \"n1\"", "duplicate node id")]
    [InlineData("\"id\": \"n3-d2\"", "\"id\": \"n1-d1\"", "is used twice")]
    [InlineData("\"weight\": 8,", "\"weight\": -1,", "weight must be a positive number")]
    [InlineData("https://n3.example:7100", "n3:7100", "must be an absolute http(s) URL")]
    [InlineData("\"parityShards\": 2", "\"parityShards\": 3", "needs 4 distinct disks but only 3 accept new shards")]
    [InlineData("\"defaultClass\": \"ec-1-2\"", "\"defaultClass\": \"ec-9-9\"", "default class 'ec-9-9' is not defined")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 2", "formatVersion 2 is not supported")]
    [InlineData("\"clusterId\": \"region-1\",", "", "clusterId")]
    [InlineData("\"weight\": 12, \"state\": \"failed\"", "\"weight\": 12, \"state\": \"retired\"", "a disk's state is one of Active, Draining, Failed")]
    [InlineData("\"state\": \"draining\"", "\"state\": \"gone\"", "a node's state is one of Active, Draining, Retired")]
    public void Parse_InvalidMap_ListsTheProblem(string find, string replace, string expectedError)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);
        var error = Assert.Throws<GridMapException>(() => GridMapJson.Parse(json));
        Assert.Contains(error.Errors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NotJson_GivesTypedError()
    {
        var error = Assert.Throws<GridMapException>(() => GridMapJson.Parse("{ nodes: "));
        Assert.Single(error.Errors);
    }
}
