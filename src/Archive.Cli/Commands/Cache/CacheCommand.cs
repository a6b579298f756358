using System.CommandLine;
using Archive.Cli.Commands.Status;
using Spectre.Console;

namespace Archive.Cli.Commands.Cache;

/// <summary><c>archivectl cache stats</c>: the replica cache of every reachable node.</summary>
public static class CacheCommand
{
    private const string StatsHelp = """
        The local replica cache of every reachable node: objects held, bytes, capacity, fill.
        Exit codes: 0 every node answered, 1 some node did not, 4 entry node unreachable.
        JSON (--json): [ { node, entries, bytes, capacityBytes, error } ]
        Examples:
          archivectl cache stats
          archivectl cache stats --json | jq '[.[].bytes] | add'
        """;

    public static Command Build()
    {
        var command = new Command("cache", "The local replica caches of the nodes (whole objects on fast disk, LRU).");
        command.Subcommands.Add(Stats());
        return command;
    }

    private static Command Stats() => ReadCommandSupport.SurveyCommand(
        "stats",
        "cache stats",
        StatsHelp,
        survey => survey.Nodes.Where(n => !(n.Member.Retired && !n.Reachable)).Select(n => new CacheRow(n.Member.NodeId, n.Upkeep?.CacheEntries ?? 0, n.Upkeep?.CacheBytes ?? 0, n.Upkeep?.CacheCapacityBytes ?? 0, n.Upkeep is null ? n.Error ?? "no cache figures" : null)).ToArray(), // a retired node stopped has no cache to show
        (rows, _, console) =>
        {
            var table = new Table().AddColumns("node", "objects", "bytes", "capacity", "fill");
            foreach (var r in rows)
            {
                var fill = r.CapacityBytes > 0 ? $"{100.0 * r.Bytes / r.CapacityBytes:0.0} %" : "-";
                table.AddRow(Markup.Escape(r.Node), r.Error is null ? $"{r.Entries}" : Markup.Escape(r.Error), ReadCommandSupport.Bytes(r.Bytes), ReadCommandSupport.Bytes(r.CapacityBytes), fill);
            }

            console.Write(table);
        },
        (rows, _) => rows.All(r => r.Error is null));
}

/// <summary>One row of <c>cache stats --json</c> (fields are only ever added).</summary>
internal sealed record CacheRow(string Node, long Entries, long Bytes, long CapacityBytes, string? Error);
