using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Contracts.V1;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Membership;
using Grpc.Core;

namespace Archive.Cli.Commands.Maintenance;

/// <summary>One node's answer to a fanned-out maintenance call, or why there is none.</summary>
internal sealed record NodeAnswer<T>(string NodeId, T? Reply, string? Error)
    where T : class;

/// <summary>
/// Asks every member of the grid (as the entry node <c>--node</c> lists them) the same maintenance
/// call, in parallel with a short deadline each. A member that is down or does not answer is
/// reported in its row; only the entry node's failure throws (the caller maps it to an exit code).
/// A member the map marks retired is not asked: it holds nothing the grid relies on and, once the
/// drain procedure ends, it is stopped (its silence would keep every report unsettled).
/// </summary>
internal static class GridFanOut
{
    private static readonly TimeSpan MemberTimeout = TimeSpan.FromSeconds(10);

    /// <param name="memberTimeout">Each member's deadline (default 10 s: a status answer; longer for a call that reads much).</param>
    public static async Task<IReadOnlyList<NodeAnswer<T>>> AskEveryNodeAsync<T>(NodeConnection connection, ParseResult parseResult, Func<MaintenanceService.MaintenanceServiceClient, CallOptions, Task<T>> ask, CancellationToken cancellationToken, TimeSpan? memberTimeout = null)
        where T : class
    {
        var timeout = memberTimeout ?? MemberTimeout;
        using var entry = connection.Open(parseResult);
        var status = await entry.Admin.StatusAsync(new StatusRequest(), entry.Call(cancellationToken)).ResponseAsync;
        var answers = await Task.WhenAll(status.Members.Where(m => !m.Retired).Select(async member =>
        {
            if (member.NodeId == status.NodeId)
            {
                return new NodeAnswer<T>(member.NodeId, await ask(entry.Maintenance, entry.Call(cancellationToken, timeout)), null);
            }

            if ((NodeHealth)member.Health == NodeHealth.Down || string.IsNullOrEmpty(member.Address))
            {
                return new NodeAnswer<T>(member.NodeId, null, "down (as seen by the entry node)");
            }

            try
            {
                using var channel = connection.OpenAt(parseResult, member.Address, TimeSpan.FromSeconds(2));
                return new NodeAnswer<T>(member.NodeId, await ask(channel.Maintenance, channel.Call(cancellationToken, timeout)), null);
            }
            catch (RpcException e)
            {
                return new NodeAnswer<T>(member.NodeId, null, ReadCommandSupport.Describe(e));
            }
        }));
        return answers.OrderBy(a => a.NodeId, StringComparer.Ordinal).ToArray();
    }
}
