using Archive.Cli.Commands.Maintenance;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Spectre.Console;

namespace Archive.Cli.Commands.Rebalance;

/// <summary>The grid's rebalancing as every node reports it (<c>rebalance status</c>, <c>drain --wait</c>).</summary>
internal sealed record RebalanceReport(long MapEpoch, bool Settled, IReadOnlyList<RebalanceNodeReport> Nodes)
{
    public static RebalanceReport From(IReadOnlyList<NodeAnswer<RebalanceStatusReply>> answers)
    {
        var nodes = answers.Select(RebalanceNodeReport.From).ToArray();
        var epoch = nodes.Select(n => n.MapEpoch).DefaultIfEmpty(0).Max();
        var settled = nodes.All(n => n.Error is null && (!n.Enabled || n.SettledEpoch >= epoch) && (n.State != "draining" || n.Shards == 0));
        return new RebalanceReport(epoch, settled, nodes);
    }

    /// <summary>True when <paramref name="nodeId"/> answered, holds no shard, and every answering node settled <paramref name="epoch"/>.</summary>
    public bool Drained(string nodeId, long epoch) =>
        Nodes.Any(n => n.NodeId == nodeId && n.Error is null && n.Shards == 0)
        && Nodes.Where(n => n.Error is null && n.Enabled).All(n => n.SettledEpoch >= epoch);

    public void Render(IAnsiConsole console)
    {
        var table = new Table().AddColumns("node", "state", "map epoch", "settled epoch", "pass", "last pass: moved", "pending", "refilled", "live shards", "bytes");
        foreach (var n in Nodes)
        {
            if (n.Error is not null)
            {
                table.AddRow(Markup.Escape(n.NodeId), Markup.Escape("unreachable: " + n.Error), "", "", "", "", "", "", "", "");
                continue;
            }

            table.AddRow(
                Markup.Escape(n.NodeId),
                n.State + (n.Enabled ? "" : " (rebalance disabled)"),
                n.MapEpoch.ToString(),
                n.SettledEpoch.ToString(),
                n.Running ? "running" : n.LastPassFinished is { } at ? "idle since " + at.ToString("u") : "none yet",
                n.LastPassMoved.ToString(),
                n.LastPassPending.ToString(),
                n.LastPassRefilled.ToString(),
                n.Shards.ToString(),
                ReadCommandSupport.Bytes(n.Bytes));
        }

        console.Write(table);
        console.WriteLine(Settled ? $"settled: every node has finished rebalancing for map epoch {MapEpoch}" : $"rebalancing for map epoch {MapEpoch} is not finished");
    }
}

internal sealed record RebalanceNodeReport(
    string NodeId,
    string? Error,
    bool Enabled,
    string State,
    long MapEpoch,
    long SettledEpoch,
    bool Running,
    DateTimeOffset? LastPassFinished,
    long LastPassMoved,
    long LastPassPending,
    long LastPassRefilled,
    long MovedSinceStart,
    long Shards,
    long Bytes)
{
    public static RebalanceNodeReport From(NodeAnswer<RebalanceStatusReply> answer) => answer.Reply is not { } r
        ? new RebalanceNodeReport(answer.NodeId, answer.Error, false, "unknown", 0, 0, false, null, 0, 0, 0, 0, 0, 0)
        : new RebalanceNodeReport(answer.NodeId, null, r.Enabled, r.NodeState, r.MapEpoch, r.SettledEpoch, r.Running, ReadCommandSupport.FromUnixMs(r.LastPassFinishedUnixMs),
            r.LastPassMoved, r.LastPassPending, r.LastPassRefilled, r.MovedSinceStart, r.Disks.Sum(d => d.Shards), r.Disks.Sum(d => d.Bytes));
}
