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
