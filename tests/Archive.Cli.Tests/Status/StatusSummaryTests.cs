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

    private static NodeSurvey Up(string id, StatusReply status) => new(new MemberView { NodeId = id, Health = (int)NodeHealth.Up }, status, null, null, null, null);

    private static StatusReply Reply(string id)
    {
        var reply = new StatusReply { NodeId = id, ClusterId = "local", MapEpoch = 3, Ready = true };
        reply.Disks.Add(new DiskHealthMessage { Root = "/d1", DiskId = "00000000000000000000000000000001", State = (int)DiskState.Healthy, FreeBytes = 1 << 30 });
        return reply;
    }
}
