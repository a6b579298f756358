using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Archive.Grid.Map;
using Archive.Grid.Placement;
using Grpc.Core;

namespace Archive.Cli.Commands.Map;

/// <summary>
/// <c>archivectl map show|apply|diff</c>: the grid map in force, and applying a new one. A map applied
/// to one node (a higher epoch) reaches every node by heartbeat gossip; each persists it atomically.
/// </summary>
public static class MapCommand
{
    public static Command Build()
    {
        var command = new Command("map", "Show the grid map in force, compare a new one with it, or apply it (new epoch, every node).");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Apply());
        command.Subcommands.Add(MapDiffCommand.Build());
        return command;
    }

    private static Command Show()
    {
        var connection = new NodeConnection();
        var command = new Command("show", "Print the map in force on a node (JSON).\nExample: archivectl map show --node http://10.1.2.3:7100");
        connection.AddTo(command);
        command.Options.Add(new Option<bool>("--json") { Description = "Accepted like every read command's: the map is printed as JSON either way." });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var channel = connection.Open(parseResult);
            try
            {
                var reply = await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken));
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(reply.MapJson);
                return ExitCodes.Ok;
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "map show", e);
            }
        });
        return command;
    }

    private static Command Apply()
    {
        var connection = new NodeConnection();
        var file = new Argument<FileInfo>("file") { Description = "The new map (JSON, validated here first; its epoch must be higher than the one in force)." };
        var force = new Option<bool>("--force") { Description = "Apply even when some catalog partitions would keep none of their replicas, or a node that is not retired leaves the map (see `map diff`)." };
        var command = new Command("apply", "Apply a new grid map: validated, then sent to a node, which persists it and gossips it to the others.\nRefused here when it would leave some catalog partitions none of their replicas (a query or read of those studies\nfinds nothing until the rebalance refills them): apply such a change in steps of at most m nodes, or pass --force.\nExample: archivectl map apply grid-map.json --node http://127.0.0.1:7100");
        command.Arguments.Add(file);
        command.Options.Add(force);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            GridMap map;
            string json;
            try
            {
                json = await File.ReadAllTextAsync(parseResult.GetValue(file)!.FullName, cancellationToken);
                map = GridMapJson.Parse(json);
            }
            catch (Exception e) when (e is GridMapException or IOException)
            {
                await error.WriteLineAsync($"map apply: {e.Message}");
                return ExitCodes.BadInput;
            }

            using var channel = connection.Open(parseResult);
            try
            {
                if (!parseResult.GetValue(force))
                {
                    var current = GridMapJson.Parse((await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken))).MapJson);
                    if (current.ClusterId == map.ClusterId && PartitionTransition.ShareWithNoReplicaKept(current, map) is > 0 and var orphaned)
                    {
                        var step = PartitionPlacement.ReplicaCount(current) - 1;
                        await error.WriteLineAsync($"map apply: not sent: {MapDiff.OrphanedText(orphaned)}; until then a query or read of their studies finds nothing. Apply the change in steps of at most {step} node(s) added, removed or moved, waiting for `archivectl rebalance status` to settle between them, or pass --force.");
                        return ExitCodes.Failed;
                    }

                    if (MapDiff.UndrainedRemovals(current, map) is { Count: > 0 } undrained)
                    {
                        await error.WriteLineAsync($"map apply: not sent: it removes or retires {string.Join(", ", undrained)} without a drain: {MapDiff.UndrainedText}; or pass --force.");
                        return ExitCodes.Failed;
                    }
                }

                var reply = await channel.Membership.ApplyMapAsync(new ApplyMapRequest { MapJson = json }, channel.Call(cancellationToken));
                if (!reply.Applied)
                {
                    await error.WriteLineAsync($"map apply: refused ({reply.Detail}); epoch in force {reply.Epoch}");
                    return ExitCodes.Failed;
                }

                await output.WriteLineAsync($"applied epoch {map.Epoch} ({map.Nodes.Count} nodes); it reaches every node by heartbeat");
                foreach (var silent in await SilentNodesAsync(connection, parseResult, map, cancellationToken))
                {
                    await error.WriteLineAsync($"map apply: warning: {silent}");
                }

                return ExitCodes.Ok;
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "map apply", e);
            }
        });
        return command;
    }

    /// <summary>
    /// The nodes of an applied map that do not answer at the address it gives them, said at once: a mistyped address
    /// otherwise shows only as a node down, and writes refused for want of its shards.
    /// </summary>
    private static async Task<string[]> SilentNodesAsync(NodeConnection connection, ParseResult parseResult, GridMap map, CancellationToken cancellationToken)
    {
        var asks = map.Nodes.Where(n => n.State != NodeState.Retired).Select(async node =>
        {
            try
            {
                using var channel = connection.OpenAt(parseResult, node.Address, TimeSpan.FromSeconds(2));
                await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken, TimeSpan.FromSeconds(5)));
                return null;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                return $"node {node.Id} does not answer at {node.Address} ({e.StatusCode}): if the address is wrong, fix it in a new map; until it answers it counts as down";
            }
        });
        return (await Task.WhenAll(asks)).OfType<string>().ToArray();
    }
}
