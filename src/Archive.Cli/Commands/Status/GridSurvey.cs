using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Contracts.V1;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Membership;
using Grpc.Core;

namespace Archive.Cli.Commands.Status;

/// <summary>One member of the grid as surveyed: how the entry node sees it, and its own answers when it could be reached.</summary>
internal sealed record NodeSurvey(MemberView Member, StatusReply? Status, NodeUpkeepReply? Upkeep, ScrubStatusReply? Scrub, RepairStatusReply? Repair, string? Error)
{
    public NodeHealth Health => (NodeHealth)Member.Health;

    public bool Reachable => Status is not null;
}

/// <summary>
/// The grid as seen from one node (<c>--node</c>): its status names every member of the map; each
/// member not known to be down is then asked for its own status, upkeep, scrub progress and repair backlog (disks,
/// repair queue and the objects in it, cache, last verified pass per disk) with a short deadline, in parallel. A member that does not answer is reported,
/// not fatal; only the entry node's failure is (the caller maps it to an exit code).
/// </summary>
internal sealed record GridSurvey(StatusReply Entry, IReadOnlyList<NodeSurvey> Nodes)
{
    private static readonly TimeSpan MemberTimeout = TimeSpan.FromSeconds(5);

    public static async Task<GridSurvey> TakeAsync(NodeConnection connection, ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var entry = connection.Open(parseResult);
        var status = await entry.Admin.StatusAsync(new StatusRequest(), entry.Call(cancellationToken)).ResponseAsync;
        var nodes = await Task.WhenAll(status.Members.Select(member => member.NodeId == status.NodeId
            ? AskAsync(entry, member, status, cancellationToken)
            : AskMemberAsync(connection, parseResult, member, cancellationToken)));
        return new GridSurvey(status, nodes);
    }

    private static async Task<NodeSurvey> AskMemberAsync(NodeConnection connection, ParseResult parseResult, MemberView member, CancellationToken cancellationToken)
    {
        if ((NodeHealth)member.Health == NodeHealth.Down || string.IsNullOrEmpty(member.Address))
        {
            return new NodeSurvey(member, null, null, null, null, "down (as seen by the entry node)");
        }

        using var channel = connection.OpenAt(parseResult, member.Address, MemberTimeout);
        return await AskAsync(channel, member, null, cancellationToken);
    }

    private static async Task<NodeSurvey> AskAsync(PeerChannel channel, MemberView member, StatusReply? known, CancellationToken cancellationToken)
    {
        try
        {
            var status = known ?? await channel.Admin.StatusAsync(new StatusRequest(), channel.Call(cancellationToken, MemberTimeout)).ResponseAsync;
            var upkeep = await OptionalAsync(() => channel.Lookup.NodeUpkeepAsync(new NodeUpkeepRequest(), channel.Call(cancellationToken, MemberTimeout)).ResponseAsync);
            var scrub = await OptionalAsync(() => channel.Maintenance.ScrubStatusAsync(new ScrubStatusRequest(), channel.Call(cancellationToken, MemberTimeout)).ResponseAsync);
            var repair = await OptionalAsync(() => channel.Maintenance.RepairStatusAsync(new RepairStatusRequest { MaxItems = Maintenance.RepairTotals.ListedItems }, channel.Call(cancellationToken, MemberTimeout)).ResponseAsync);
            return new NodeSurvey(member, status, upkeep, scrub, repair, null);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeSurvey(member, null, null, null, null, ReadCommandSupport.Describe(e));
        }
    }

    /// <summary>A figure an older node may not serve (Unimplemented): null then.</summary>
    private static async Task<T?> OptionalAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return null;
        }
    }
}
