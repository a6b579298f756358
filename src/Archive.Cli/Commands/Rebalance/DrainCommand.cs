using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Archive.Grid.Map;
using Grpc.Core;

namespace Archive.Cli.Commands.Rebalance;

/// <summary>
/// <c>archivectl drain NODE [--wait]</c>: marks a node draining in a new map epoch (it keeps serving
/// reads, takes no new shards and no catalog partition), so every node moves that node's shards and
/// catalog replicas elsewhere; with <c>--wait</c>, follows until the node holds nothing.
/// </summary>
public static class DrainCommand
{
    private const string Help = """
        Drain a node before it is retired: a new map epoch marks it draining (it still serves reads, takes no new shards and
        no catalog partition); every node then copies the shards it owns off the node, verifies them on their new disks,
        commits the new placement and only then deletes the old copies, so no object drops below its redundancy. Catalog
        replicas the node held are refilled on the nodes that replace it. When the node holds no shard and every node has
        settled the new epoch, set its state to "retired" in the map (archivectl map apply) and stop it.
        Moves run at Rebalance:BytesPerSecond per node (32 MiB/s by default).
        Exit codes: 0 marked draining (with --wait: drained), 1 refused or --wait timed out, 2 usage (unknown node), 4 entry node unreachable.
        JSON (--json, with --wait): the final rebalance status report (see archivectl rebalance status --help).
        Examples:
          archivectl drain node-5
          archivectl drain node-5 --wait --timeout 12:00:00
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var nodeId = new Argument<string>("node") { Description = "The id of the node to drain." };
        var wait = new Option<bool>("--wait") { Description = "Follow the drain until the node holds nothing and every node settled the new epoch." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Give up waiting after this long (default 1.00:00:00).", DefaultValueFactory = _ => TimeSpan.FromDays(1) };
        var interval = new Option<TimeSpan>("--interval") { Description = "Wait between two progress checks (default 00:00:10).", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var json = ReadCommandSupport.JsonOption();
        var command = new Command("drain", Help);
        command.Arguments.Add(nodeId);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.Options.Add(interval);
        command.Options.Add(json);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;

            // With --json, stdout holds the JSON report alone (a script pipes it to jq): what was done goes to stderr.
            Task Say(string line) => (parseResult.GetValue(json) ? error : output).WriteLineAsync(line);
            var id = parseResult.GetValue(nodeId)!;
            long epoch;
            try
            {
                using var channel = connection.Open(parseResult);
                var map = GridMapJson.Parse((await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken))).MapJson);
                if (map.FindNode(id) is not { } node)
                {
                    await error.WriteLineAsync($"drain: node '{id}' is not in the map (epoch {map.Epoch}); nodes: {string.Join(", ", map.Nodes.Select(n => n.Id))}");
                    return ExitCodes.Usage;
                }

                if (node.State == NodeState.Retired)
                {
                    await error.WriteLineAsync($"drain: node '{id}' is already retired");
                    return ExitCodes.Failed;
                }

                epoch = map.Epoch;
                if (node.State == NodeState.Active)
                {
                    var drained = map with { Epoch = map.Epoch + 1, Nodes = map.Nodes.Select(n => n.Id == id ? n with { State = NodeState.Draining } : n).ToArray() };
                    var reply = await channel.Membership.ApplyMapAsync(new ApplyMapRequest { MapJson = GridMapJson.Serialize(drained) }, channel.Call(cancellationToken));
                    if (!reply.Applied)
                    {
                        await error.WriteLineAsync($"drain: map refused ({reply.Detail}); epoch in force {reply.Epoch}");
                        return ExitCodes.Failed;
                    }

                    epoch = drained.Epoch;
                    await Say($"node {id} marked draining in map epoch {epoch}; it reaches every node by heartbeat");
                    await WarnIfNarrowAsync(drained, error);
                }
                else
                {
                    await Say($"node {id} is already draining (map epoch {epoch})");
                }
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "drain", e);
            }

            return parseResult.GetValue(wait)
                ? await WaitAsync(connection, parseResult, id, epoch, parseResult.GetValue(timeout), parseResult.GetValue(interval), parseResult.GetValue(json), cancellationToken)
                : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> WaitAsync(NodeConnection connection, ParseResult parseResult, string id, long epoch, TimeSpan timeout, TimeSpan interval, bool json, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            RebalanceReport report;
            try
            {
                report = RebalanceReport.From(await RebalanceCommand.FetchAsync(connection, parseResult, cancellationToken));
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "drain", e);
            }

            var done = report.Drained(id, epoch);
            var left = report.Nodes.FirstOrDefault(n => n.NodeId == id);
            if (done || DateTimeOffset.UtcNow >= deadline)
            {
                if (json)
                {
                    await ReadCommandSupport.WriteJsonAsync(output, report);
                }
                else
                {
                    report.Render(ReadCommandSupport.Console(output));
                    await output.WriteLineAsync(done ? $"node {id} is drained: set it retired in the map, then stop it" : $"drain of {id} not finished after {timeout}");
                }

                return done ? ExitCodes.Ok : ExitCodes.Failed;
            }

            if (!json)
            {
                var settled = report.Nodes.Count(n => n.Error is null && n.SettledEpoch >= epoch);
                await output.WriteLineAsync($"{DateTimeOffset.UtcNow:u} {id}: {(left?.Error is null ? left?.Shards.ToString() ?? "?" : "unreachable")} shards left; {settled}/{report.Nodes.Count} nodes settled epoch {epoch}{WaitingFor(report, epoch)}");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>
    /// The nodes not settled yet and why they may be slow: one whose last pass left moves waits out Rebalance:RetryDelay
    /// (sweep O3: a drain sat five minutes at "0 shards left" without saying on whom or why).
    /// </summary>
    internal static string WaitingFor(RebalanceReport report, long epoch)
    {
        var waiting = report.Nodes.Where(n => n.Error is null && n.Enabled && n.SettledEpoch < epoch)
            .Select(n => n.Running ? $"{n.NodeId} (pass running)"
                : n.LastPassPending > 0 && n.LastPassFinished is { } finished ? $"{n.NodeId} (its pass of {finished:HH:mm:ss} left {n.LastPassPending} for the next, after Rebalance:RetryDelay)"
                : n.NodeId)
            .ToArray();
        return waiting.Length == 0 ? string.Empty : "; waiting for " + string.Join(", ", waiting);
    }

    /// <summary>Says so when the nodes left taking shards are too few for a class to keep surviving m nodes down (status says the same).</summary>
    private static async Task WarnIfNarrowAsync(GridMap map, TextWriter error)
    {
        foreach (var risk in Archive.Grid.Placement.NodeTolerance.Risks(map))
        {
            await error.WriteLineAsync("drain: warning: " + risk);
        }
    }
}
