using System.CommandLine;
using Archive.Cli.Commands.Status;
using Archive.Storage.Disks;
using Spectre.Console;

namespace Archive.Cli.Commands.Nodes;

/// <summary><c>archivectl disks</c>: the data disks of every reachable node, remotely (the offline <c>node disks</c> reads labels from local directories).</summary>
public static class DisksCommand
{
    private const string Help = """
        List the data disks of every reachable node: state (healthy, full, failed, refused), why, free space.
        A full disk serves reads but takes no new shards (writes place them on other disks where they can) until it has room for a segment again.
        Exit codes: 0 every disk of every node healthy, 1 a disk not healthy or a node unreachable, 4 entry node unreachable.
        JSON (--json): [ { node, root, diskId, state (healthy|full|failed|refused), refusal, failure, freeBytes } ]
        Examples:
          archivectl disks
          archivectl disks --json | jq '[.[] | select(.state != "healthy")] | length'
        """;

    /// <summary>Why a full disk is listed (the status command's problem line says the same).</summary>
    internal const string FullDisk = "takes no new shards until it has room for a whole segment again (256 MiB by default, Storage:GroupCommit:SegmentMaxBytes): "
        + "writes place them on other disks where the layout has some, else miss them for repair; reads go on (free room or add disks)";

    public static Command Build() => ReadCommandSupport.SurveyCommand(
        "disks",
        "disks",
        Help,
        survey => survey.Nodes.Where(n => n.Reachable)
            .SelectMany(n => n.Status!.Disks.Select(d => new DiskRow(n.Member.NodeId, d.Root, d.DiskId, (DiskState)d.State, (DiskRefusalReason)d.Refusal, d.Failure, d.FreeBytes, string.IsNullOrEmpty(d.SharedFilesystem) ? null : d.SharedFilesystem)))
            .ToArray(),
        (rows, survey, console) =>
        {
            var table = new Table().AddColumns("node", "disk directory", "disk id", "state", "why", "free");
            foreach (var r in rows)
            {
                var why = r.State switch
                {
                    DiskState.Healthy => "-",
                    DiskState.Full => FullDisk,
                    _ => r.Failure.Length > 0 ? r.Failure : r.Refusal.ToString(),
                };
                table.AddRow(Markup.Escape(r.Node), Markup.Escape(r.Root), Markup.Escape(r.DiskId), r.State.ToString().ToLowerInvariant(), Markup.Escape(why), ReadCommandSupport.Bytes(r.FreeBytes));
            }

            console.Write(table);
            foreach (var node in survey.Nodes.Where(n => !n.Reachable))
            {
                console.WriteLine($"node {node.Member.NodeId} not reached: {node.Error}{(node.Member.Retired ? " (retired: expected)" : string.Empty)}");
            }
        },
        (rows, survey) => rows.All(r => r.State == DiskState.Healthy) && survey.Nodes.All(n => n.Reachable || n.Member.Retired)); // a retired node is expected gone
}

/// <summary>One row of <c>disks --json</c> (fields are only ever added).</summary>
/// <param name="SharedFilesystem">The device of its filesystem when other disk directories of the node share it (free bytes counted once).</param>
internal sealed record DiskRow(string Node, string Root, string DiskId, DiskState State, DiskRefusalReason Refusal, string Failure, long FreeBytes, string? SharedFilesystem);
