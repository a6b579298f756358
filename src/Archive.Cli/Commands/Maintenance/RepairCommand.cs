using System.CommandLine;
using System.Globalization;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Maintenance;

/// <summary><c>archivectl repair status [--json]</c>: every node's repair backlog.</summary>
public static class RepairCommand
{
    private const string Help = """
        Repair backlog per node: queue depth, objects below full redundancy, queued items by reason, items that cannot be rebuilt now,
        items waiting for a disk (rebuilt shards that no disk would take: fewer usable disks than the class has shards).
        Several nodes may queue the same object (each replica of its catalog partition); the totals count it once.
        Exit codes: 0 nothing queued anywhere, 1 items queued or unrecoverable or a node did not answer, 4 entry node unreachable.
        JSON (--json): { queueDepth, objectsBelowFullRedundancy, unrecoverable, countsExact, unrecoverableItems[ { partitionKey,
          objectName, partIndex, shardIndices[] } ], waitingForDisk, nodes[ { nodeId, error, enabled, queueDepth,
          objectsBelowFullRedundancy, repairedSinceStart, unrecoverable, byReason{name: count}, unrecoverableItems[...],
          waitingForDisk } ] }
        Examples:
          archivectl repair status
          archivectl repair status --json | jq .objectsBelowFullRedundancy
        """;

    public static Command Build()
    {
        var command = new Command("repair", "The repair queue: what is below full redundancy and is being rebuilt from parity.");
        command.Subcommands.Add(Status());
        return command;
    }

    private static Command Status() => ReadCommandSupport.ReadCommand(
        "status",
        "repair status",
        Help,
        (connection, parseResult, cancellationToken) => GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => client.RepairStatusAsync(new RepairStatusRequest { MaxItems = RepairTotals.ListedItems }, call).ResponseAsync, cancellationToken),
        answers =>
        {
            var nodes = answers.Select(RepairNodeReport.From).ToArray();
            var totals = RepairTotals.Of(answers.Where(a => a.Reply is not null).Select(a => a.Reply!).ToArray());
            return new RepairReport(totals.QueueItems, totals.ObjectsBelowFullRedundancy, totals.Unrecoverable, nodes, totals.ObjectsExact && totals.UnrecoverableExact, totals.UnrecoverableItems, totals.WaitingForDisk);
        },
        (report, _, console) => Render(report, console),
        (report, _) => report.QueueDepth == 0 && report.Unrecoverable == 0 && report.Nodes.All(n => n.Error is null));

    private static void Render(RepairReport report, IAnsiConsole console)
    {
        var table = new Table().AddColumns("node", "queued", "objects below full redundancy", "by reason", "repaired since start", "unrecoverable", "waiting for a disk");
        foreach (var node in report.Nodes)
        {
            if (node.Error is not null)
            {
                table.AddRow(Markup.Escape(node.NodeId), Markup.Escape("unreachable: " + node.Error), "", "", "", "", "");
                continue;
            }

            table.AddRow(
                Markup.Escape(node.NodeId) + (node.Enabled ? "" : " (repair disabled)"),
                Count(node.QueueDepth),
                Count(node.ObjectsBelowFullRedundancy),
                Markup.Escape(string.Join(", ", node.ByReason.Select(r => $"{r.Key} {r.Value}"))),
                Count(node.RepairedSinceStart),
                Count(node.Unrecoverable),
                Count(node.WaitingForDisk));
        }

        console.Write(table);
        foreach (var item in report.UnrecoverableItems.Take(MaxPrinted))
        {
            console.WriteLine($"unrecoverable now: {item.PartitionKey} / {item.ObjectName} part {item.PartIndex} shards {string.Join(',', item.ShardIndices)}");
        }

        if (report.UnrecoverableItems.Count > MaxPrinted)
        {
            console.WriteLine($"... and {report.UnrecoverableItems.Count - MaxPrinted} more unrecoverable part(s) (--json lists them all)");
        }

        // A node's count holds every object it queued; an object several nodes queued is counted once here.
        console.WriteLine($"total: {report.QueueDepth} item(s) queued on the nodes, {RepairTotals.Describe(report.ObjectsBelowFullRedundancy, report.CountsExact)} object(s) below full redundancy, {RepairTotals.Describe(report.Unrecoverable, report.CountsExact)} object part(s) unrecoverable now");
        if (report.WaitingForDisk > 0)
        {
            console.WriteLine(RepairTotals.WaitingForDiskProblem(report.WaitingForDisk));
        }

        if (report.Nodes.Count(n => n.Error is not null) is > 0 and var unreachable)
        {
            console.WriteLine($"not counted: objects with shards on the {unreachable} unreachable node(s), below full redundancy too until they return or, once silent for Repair:ReplaceAfter, repair has moved them (then queued here)");
        }
    }

    private const int MaxPrinted = 100;

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The <c>repair status --json</c> shape (fields are only ever added): totals count each object once.</summary>
internal sealed record RepairReport(
    long QueueDepth,
    long ObjectsBelowFullRedundancy,
    long Unrecoverable,
    IReadOnlyList<RepairNodeReport> Nodes,
    bool CountsExact,
    IReadOnlyList<UnrecoverableReport> UnrecoverableItems,
    long WaitingForDisk);

internal sealed record RepairNodeReport(
    string NodeId,
    string? Error,
    bool Enabled,
    long QueueDepth,
    long ObjectsBelowFullRedundancy,
    long RepairedSinceStart,
    long Unrecoverable,
    IReadOnlyDictionary<string, long> ByReason,
    IReadOnlyList<UnrecoverableReport> UnrecoverableItems,
    long WaitingForDisk)
{
    public static RepairNodeReport From(NodeAnswer<RepairStatusReply> answer) => answer.Reply is not { } r
        ? new RepairNodeReport(answer.NodeId, answer.Error, false, 0, 0, 0, 0, new Dictionary<string, long>(), [], 0)
        : new RepairNodeReport(answer.NodeId, null, r.Enabled, r.QueueDepth, r.ObjectsBelowFullRedundancy, r.RepairedSinceStart, r.Unrecoverable,
            r.ByReason.ToDictionary(x => x.Name, x => x.Count, StringComparer.Ordinal),
            r.UnrecoverableItems.Select(i => new UnrecoverableReport(i.PartitionKey, i.ObjectName, i.PartIndex, i.ShardIndices.ToArray())).ToArray(),
            r.WaitingForDisk);
}

internal sealed record UnrecoverableReport(string PartitionKey, string ObjectName, int PartIndex, IReadOnlyList<int> ShardIndices);
