using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Archive.Grid.Membership;
using Archive.Storage.Disks;

namespace Archive.Cli.Tests.Status;

/// <summary><c>status</c>'s verdict from a survey: what counts as a problem.</summary>
public sealed class StatusSummaryTests
{
    [Fact]
    public void Summarize_ARetiredNodeStopped_IsNoProblem_ADownActiveOneIs()
    {
        var entry = Reply("node-1");
        var retired = new NodeSurvey(new MemberView { NodeId = "node-5", Health = (int)NodeHealth.Down, Retired = true }, null, null, null, null, "down (as seen by the entry node)");
        var survey = new GridSurvey(entry, [Up("node-1", entry), Up("node-2", Reply("node-2")), retired]);

        var report = StatusCommand.Summarize(survey);

        Assert.True(report.Healthy, string.Join("; ", report.Problems));
        Assert.Equal(2, report.Nodes.Total);

        var down = retired with { Member = new MemberView { NodeId = "node-5", Health = (int)NodeHealth.Down } };
        var degraded = StatusCommand.Summarize(survey with { Nodes = [survey.Nodes[0], survey.Nodes[1], down] });
        Assert.False(degraded.Healthy);
        Assert.Contains("node node-5 down", degraded.Problems); // not "down (down (as seen by the entry node))"
    }

    [Fact]
    public void Summarize_ADownNode_WithWhyTheEntryNodesLastHeartbeatFailed()
    {
        // Sweep G: a peer whose certificate the entry node refuses read as plainly "down", as a stopped one does.
        var entry = Reply("node-1");
        var why = "last heartbeat from node-1: Unavailable: The remote certificate was rejected by the provided RemoteCertificateValidationCallback.";
        var down = new NodeSurvey(new MemberView { NodeId = "node-2", Health = (int)NodeHealth.Down, LastFailure = why }, null, null, null, null, "down (as seen by the entry node)");

        var report = StatusCommand.Summarize(new GridSurvey(entry, [Up("node-1", entry), down]));

        Assert.Contains($"node node-2 down ({why})", report.Problems);
    }

    [Fact]
    public void Summarize_ANodeThatCannotBeAsked_ItsMapDisksCountAsNotReported_NotLeftOut()
    {
        // Sweep O3: with node-3 down, "4/4 healthy" left its two disks out of the total.
        var entry = Reply("node-1");
        var down = new NodeSurvey(new MemberView { NodeId = "node-3", Health = (int)NodeHealth.Down, MapDisks = 2 }, null, null, null, null, "down (as seen by the entry node)");

        var report = StatusCommand.Summarize(new GridSurvey(entry, [Up("node-1", entry), Up("node-2", Reply("node-2")), down]));

        Assert.Equal(new DiskCounts(4, 2, 0, 0, 2L << 30, 0, 2), report.Disks);
    }

    [Fact]
    public void Summarize_TwoNodesThatCannotReachEachOther_IsAProblemThoughTheEntryNodeSeesBothUp()
    {
        // Sweep A (session 18): node-3 and node-4 cut from each other, node-1 said "4/4 up" and HEALTHY but for the backlog.
        var entry = Reply("node-1", ("node-2", NodeHealth.Up), ("node-3", NodeHealth.Up), ("node-4", NodeHealth.Up));
        var third = Reply("node-3", ("node-1", NodeHealth.Up), ("node-2", NodeHealth.Up), ("node-4", NodeHealth.Down));
        third.WriteRisks.Add("ec-2-2: writes need 3 of 4 nodes taking shards");
        var fourth = Reply("node-4", ("node-1", NodeHealth.Up), ("node-2", NodeHealth.Up), ("node-3", NodeHealth.Suspect));
        var survey = new GridSurvey(entry, [Up("node-1", entry), Up("node-2", Reply("node-2")), Up("node-3", third), Up("node-4", fourth)]);

        var report = StatusCommand.Summarize(survey);

        Assert.False(report.Healthy);
        Assert.Equal(4, report.Nodes.Up);
        Assert.Contains(report.Problems, p => p.StartsWith("node node-3 sees node-4 down, which node-1 sees up: they cannot reach each other", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("node node-4 sees node-3 suspect, which node-1 sees up", StringComparison.Ordinal));
        Assert.Contains("as node-3 sees the grid: ec-2-2: writes need 3 of 4 nodes taking shards", report.Problems);

        var healed = StatusCommand.Summarize(survey with { Nodes = [Up("node-1", entry), Up("node-2", Reply("node-2")), Up("node-3", Reply("node-3", ("node-4", NodeHealth.Up))), Up("node-4", Reply("node-4"))] });
        Assert.True(healed.Healthy, string.Join("; ", healed.Problems));
    }

    private static NodeSurvey Up(string id, StatusReply status) => new(new MemberView { NodeId = id, Health = (int)NodeHealth.Up }, status, null, null, null, null);

    private static StatusReply Reply(string id, params (string Id, NodeHealth Health)[] peers)
    {
        var reply = new StatusReply { NodeId = id, ClusterId = "local", MapEpoch = 3, Ready = true };
        reply.Members.Add(new MemberView { NodeId = id, Health = (int)NodeHealth.Up });
        reply.Members.AddRange(peers.Select(p => new MemberView { NodeId = p.Id, Health = (int)p.Health }));
        reply.Disks.Add(new DiskHealthMessage { Root = "/d1", DiskId = "00000000000000000000000000000001", State = (int)DiskState.Healthy, FreeBytes = 1 << 30 });
        return reply;
    }
}
