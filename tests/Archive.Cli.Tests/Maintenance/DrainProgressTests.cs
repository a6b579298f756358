using Archive.Cli.Commands.Rebalance;

namespace Archive.Cli.Tests.Maintenance;

/// <summary><c>drain --wait</c>'s progress line names the nodes it still waits for, and why one may be slow.</summary>
public sealed class DrainProgressTests
{
    [Fact]
    public void WaitingFor_NodesNotSettled_NamedWithTheirLastPass()
    {
        // Sweep O3: a drain sat five minutes at "0 shards left; 6/7 nodes settled epoch 3" without saying on whom or why.
        var finished = new DateTimeOffset(2026, 11, 30, 18, 38, 7, TimeSpan.Zero);
        var report = new RebalanceReport(3, false,
        [
            Node("node-1", settled: 3),
            Node("node-3", settled: 2, pending: 1, finished: finished),
            Node("node-4", settled: 2, running: true),
            Node("node-5", settled: 2) with { Enabled = false },
        ]);

        Assert.Equal("; waiting for node-3 (its pass of 18:38:07 left 1 for the next, after Rebalance:RetryDelay), node-4 (pass running)", DrainCommand.WaitingFor(report, 3));
        Assert.Equal(string.Empty, DrainCommand.WaitingFor(report with { Nodes = [Node("node-1", settled: 3)] }, 3));
    }

    private static RebalanceNodeReport Node(string id, long settled, long pending = 0, DateTimeOffset? finished = null, bool running = false) =>
        new(id, null, true, "active", 3, settled, running, finished, 0, pending, 0, 0, 0, 0);
}
