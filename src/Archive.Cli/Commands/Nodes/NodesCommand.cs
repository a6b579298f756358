using System.CommandLine;
using System.Globalization;
using Archive.Cli.Commands.Status;
using Archive.Grid.Membership;
using Archive.Storage.Disks;
using Spectre.Console;

namespace Archive.Cli.Commands.Nodes;

/// <summary><c>archivectl nodes</c>: every member of the grid map with its health and, when reachable, its own status.</summary>
public static class NodesCommand
{
    private const string Help = """
        List the nodes of the grid map: health as seen by the entry node, map epoch each reported, and each
        reachable node's own figures (ready, disks, repair queue, version, uptime).
        Exit codes: 0 every node up and reachable (retired ones aside), 1 some node suspect/down/unreachable, 4 entry node unreachable.
        JSON (--json): [ { id, address, health (up|suspect|down), silenceMs, reportedEpoch, reachable, ready,
          version, startedAt, disks, healthyDisks, repairBacklog, error, retired } ]
        Examples:
          archivectl nodes
          archivectl nodes --json | jq -r '.[] | select(.health != "up") | .id'
        """;

    public static Command Build() => ReadCommandSupport.SurveyCommand(
        "nodes",
        "nodes",
        Help,
        survey => survey.Nodes.Select(View).ToArray(),
        (rows, _, console) =>
        {
            var table = new Table().AddColumns("node", "address", "health", "silence", "epoch", "ready", "disks", "repair queue", "version", "up since");
            foreach (var r in rows)
            {
                table.AddRow(
                    Markup.Escape(r.Id), Markup.Escape(r.Address), r.Retired ? "retired" : r.Health.ToString().ToLowerInvariant(), $"{r.SilenceMs} ms", r.ReportedEpoch.ToString(CultureInfo.InvariantCulture),
                    r.Reachable ? (r.Ready ? "yes" : "no") : "-", r.Reachable ? $"{r.HealthyDisks}/{r.Disks}" : "-", r.Reachable ? r.RepairBacklog.ToString(CultureInfo.InvariantCulture) : "-",
                    Markup.Escape(r.Version ?? "-"), r.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? Markup.Escape(r.Error ?? "-"));
            }

            console.Write(table);
        },
        (rows, _) => rows.All(r => r.Retired || (r.Health == NodeHealth.Up && r.Reachable))); // a retired node is expected gone

    private static NodeRow View(NodeSurvey node) => new(
        node.Member.NodeId,
        node.Member.Address,
        node.Health,
        node.Member.SilenceMs,
        node.Member.ReportedEpoch,
        node.Reachable,
        node.Status?.Ready ?? false,
        node.Status?.Version,
        node.Status is { } s ? ReadCommandSupport.FromUnixMs(s.StartedAtUnixMs) : null,
        node.Status?.Disks.Count ?? 0,
        node.Status?.Disks.Count(d => (DiskState)d.State == DiskState.Healthy) ?? 0,
        node.Status?.RepairQueueDepth ?? 0,
        node.Error,
        node.Member.Retired);
}

/// <summary>One row of <c>nodes --json</c> (fields are only ever added).</summary>
/// <param name="Retired">Marked retired in the map: shown as such, and not counted against exit 0.</param>
internal sealed record NodeRow(string Id, string Address, NodeHealth Health, long SilenceMs, long ReportedEpoch, bool Reachable, bool Ready, string? Version, DateTimeOffset? StartedAt, int Disks, int HealthyDisks, long RepairBacklog, string? Error, bool Retired);
