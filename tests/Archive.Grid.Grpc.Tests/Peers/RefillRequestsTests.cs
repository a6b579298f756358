using Archive.Grid.Grpc.Peers;

namespace Archive.Grid.Grpc.Tests.Peers;

public sealed class RefillRequestsTests
{
    [Fact]
    public void Notice_EachRequestIdOfAPeerIsServedOnce_ANewOneAgain()
    {
        var refills = new RefillRequests();
        var asked = new List<string>();
        refills.Requested += asked.Add;

        refills.Notice("node-2", "");
        refills.Notice("node-2", "a");
        refills.Notice("node-2", "a"); // every heartbeat repeats it
        refills.Notice("node-3", "a");
        refills.Notice("node-2", "b"); // node-2 started again behind its disks

        Assert.Equal(["node-2", "node-3", "node-2"], asked);
    }

    [Fact]
    public void Ask_GivesANewIdEachTime()
    {
        var refills = new RefillRequests();
        Assert.Equal("", refills.Own);
        refills.Ask();
        var first = refills.Own;
        refills.Ask();
        Assert.NotEqual(first, refills.Own);
        Assert.NotEmpty(first);
    }
}

public sealed class MembershipHeartbeatTests
{
    [Fact]
    public async Task Heartbeat_PassesOnTheSendersRefillRequest_OncePerId()
    {
        using var grid = new Archive.Testing.Fakes.FakeGrid(3);
        var refills = new RefillRequests();
        var asked = new List<string>();
        refills.Requested += asked.Add;
        var endpoint = new Archive.Grid.Grpc.Server.MembershipServiceEndpoint(
            new LocalNode("n000", grid.Map.ClusterId), grid.Maps, new MapGossip(grid.Maps), grid.Store("n000"), new NoApplier(), refills);

        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "n001", MapEpoch = grid.Map.Epoch, RefillRequest = "r1" }, null!);
        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "n001", MapEpoch = grid.Map.Epoch, RefillRequest = "r1" }, null!);
        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "stranger", MapEpoch = grid.Map.Epoch, RefillRequest = "r2" }, null!);

        Assert.Equal(["n001"], asked); // a node not in the map is not served
    }

    [Fact]
    public async Task Heartbeat_FromANodeTheMapDoesNotName_NotesItsNewerMapWithTheAddressItGave()
    {
        // A node started without the grid's map (its own single-node map) is called by the grid's nodes only.
        using var grid = new Archive.Testing.Fakes.FakeGrid(3);
        var gossip = new MapGossip(grid.Maps);
        var endpoint = new Archive.Grid.Grpc.Server.MembershipServiceEndpoint(
            new LocalNode("n000", grid.Map.ClusterId), grid.Maps, gossip, grid.Store("n000"), new NoApplier(), new RefillRequests());

        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "stranger", MapEpoch = grid.Map.Epoch + 1 }, null!);
        Assert.Null(gossip.PendingSource()); // no address: nowhere to fetch it from
        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "stranger", MapEpoch = grid.Map.Epoch, SenderAddress = "http://10.0.0.9:7100" }, null!);
        Assert.Null(gossip.PendingSource()); // not newer
        await endpoint.Heartbeat(new Archive.Contracts.V1.HeartbeatRequest { SenderNodeId = "stranger", MapEpoch = grid.Map.Epoch + 1, SenderAddress = "http://10.0.0.9:7100" }, null!);

        Assert.Equal(new MapSource("stranger", "http://10.0.0.9:7100"), gossip.PendingSource());
    }

    private sealed class NoApplier : IGridMapApplier
    {
        public Task<MapApplyResult> ApplyAsync(Archive.Grid.Map.GridMap map, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
