using System.CommandLine;
using Archive.Cli.Commands.Maintenance;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;

namespace Archive.Cli.Commands.Rebalance;

/// <summary><c>archivectl rebalance status [--json]</c>: whether every node has moved its shards for the map in force.</summary>
public static class RebalanceCommand
{
    private const string Help = """
        Rebalancing per node: after a map change (node added, reweighted, draining or removed) each node moves the shards of
        the partitions it owns to their placement on the new map and refills new catalog replicas. A node is settled when it
        finished a pass for the map epoch in force with nothing left undone.
        Exit codes: 0 every node settled and no draining node holds a shard, 1 not yet (or a node did not answer), 4 entry node unreachable.
        JSON (--json): { mapEpoch, settled, nodes[ { nodeId, error, enabled, state, mapEpoch, settledEpoch, running, lastPassFinished,
          lastPassMoved, lastPassPending, lastPassRefilled, movedSinceStart, shards, bytes } ] }
        Examples:
          archivectl rebalance status
          until archivectl rebalance status --json | jq -e .settled; do sleep 10; done
        """;

    public static Command Build()
    {
        var command = new Command("rebalance", "Shard moves after a map change: where every node stands.");
        command.Subcommands.Add(ReadCommandSupport.ReadCommand(
            "status",
            "rebalance status",
            Help,
            FetchAsync,
            RebalanceReport.From,
            (report, _, console) => report.Render(console),
            (report, _) => report.Settled));
        return command;
    }

    internal static Task<IReadOnlyList<NodeAnswer<RebalanceStatusReply>>> FetchAsync(Grid.NodeConnection connection, ParseResult parseResult, CancellationToken cancellationToken) =>
        GridFanOut.AskEveryNodeAsync(connection, parseResult, (client, call) => client.RebalanceStatusAsync(new RebalanceStatusRequest(), call).ResponseAsync, cancellationToken);
}
