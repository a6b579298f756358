using Archive.Dicom.Network.Dimse;
using Archive.Grid.Writing;
using Archive.Service.Storing;

namespace Archive.Service.Tests.Storing;

public sealed class StoreStatusMapTests
{
    [Fact]
    public void QuorumNotReached_TheCommentSaysWhichNodeFailedAndHow()
    {
        // Sweep S: a store refused because a peer failed its TLS handshake said only "grid could not make it durable".
        var outcome = new GridWriteOutcome(GridWriteStatus.QuorumNotReached, null, "call to node node-3 failed: Unavailable (TLS handshake with node node-3 failed: NotTimeValid); node node-6 down (part 0: 2 of 3 required shards durable)", Brief: "node-3 unreachable, node-6 down");

        var result = StoreStatusMap.For(outcome);

        Assert.Equal(DimseStatus.OutOfResources, result.Status);
        Assert.Equal("not durable: node-3 unreachable, node-6 down", result.ErrorComment);
    }
}
