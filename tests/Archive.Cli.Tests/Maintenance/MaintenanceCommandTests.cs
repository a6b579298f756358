using Archive.Cli.Tests.Grid;

namespace Archive.Cli.Tests.Maintenance;

/// <summary>archivectl scrub, repair and verify against a running 3-node grid.</summary>
[Collection(LocalGridCollection.Name)]
public sealed class MaintenanceCommandTests(LocalGridFixture grid)
{
    [Fact]
    public async Task ScrubStartNowThenStatus_EveryNodeAndDiskReportedAndAPassRunsOrCompleted()
    {
        var (code, output, error) = await grid.Run("scrub", "start", "--now");
        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("resumed, a full pass started on every disk not in one (2 disks)", StringComparison.Ordinal)));

        var nodes = await grid.Json([ExitCodes.Ok, ExitCodes.Failed], "scrub", "status");
        Assert.Equal(3, nodes.GetArrayLength());
        Assert.All(nodes.EnumerateArray(), n =>
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, n.GetProperty("error").ValueKind);
            Assert.Equal(2, n.GetProperty("disks").GetArrayLength());
            Assert.All(n.GetProperty("disks").EnumerateArray(), d => Assert.True(
                d.GetProperty("inPass").GetBoolean() || d.GetProperty("lastPassCompleted").ValueKind == System.Text.Json.JsonValueKind.String));
        });
    }

    [Fact]
    public async Task ScrubPauseThenStart_EveryNodeAnswers()
    {
        var (paused, output, _) = await grid.Run("scrub", "pause");
        Assert.Equal(ExitCodes.Ok, paused);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains("paused", StringComparison.Ordinal)));
        var nodes = await grid.Json([ExitCodes.Ok, ExitCodes.Failed], "scrub", "status");
        Assert.All(nodes.EnumerateArray(), n => Assert.All(n.GetProperty("disks").EnumerateArray(), d => Assert.True(d.GetProperty("paused").GetBoolean())));

        var (resumed, resumedOutput, _) = await grid.Run("scrub", "start");
        Assert.Equal(ExitCodes.Ok, resumed);
        Assert.Equal(3, resumedOutput.Split('\n').Count(l => l.Contains("resumed, passes follow the schedule (2 disks)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RepairStatus_Json_TotalsMatchTheNodesAndExitCodeTellsBacklog()
    {
        var (code, output, error) = await grid.Run("repair", "status", "--json");
        Assert.True(code is ExitCodes.Ok or ExitCodes.Failed, error);
        var report = System.Text.Json.JsonDocument.Parse(output).RootElement;
        var nodes = report.GetProperty("nodes");
        Assert.Equal(3, nodes.GetArrayLength());
        Assert.Equal(nodes.EnumerateArray().Sum(n => n.GetProperty("queueDepth").GetInt64()), report.GetProperty("queueDepth").GetInt64());
        Assert.Equal(report.GetProperty("queueDepth").GetInt64() == 0 && report.GetProperty("unrecoverable").GetInt64() == 0, code == ExitCodes.Ok);
    }

    [Fact]
    public async Task Verify_UnknownStudy_ExitsFailedWithReason()
    {
        var (code, _, error) = await grid.Run("verify", "1.2.3.999.404");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("NotFound", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryMaintenanceCommand_ShowsExitCodesAndAnExample()
    {
        foreach (var args in new[] { new[] { "scrub", "status" }, ["scrub", "start"], ["repair", "status"], ["verify"] })
        {
            var (_, output, _) = await Network.NetworkCommandFixture.Run(CancellationToken.None, [.. args, "--help"]);
            Assert.Contains("Exit codes", output, StringComparison.Ordinal);
            Assert.Contains("archivectl", output, StringComparison.Ordinal);
        }
    }
}
