using Archive.Contracts.V1;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Peers;

/// <summary>
/// One round of membership traffic from this node: a heartbeat to every other node of the
/// current map in parallel (each with a deadline of <see cref="MembershipOptions.SuspectAfter"/>: a slow answer still counts before the peer would turn suspect), recording who answered in the
/// <see cref="MembershipTable"/> and what they reported in <see cref="PeerReports"/>; then, when a
/// peer announced a newer map, fetching it and applying it. The host's background service calls
/// <see cref="RunAsync"/> at the heartbeat interval. Thread-safe.
/// </summary>
public sealed partial class HeartbeatRound(
    LocalNode local,
    GridMapHolder maps,
    MembershipTable membership,
    MembershipOptions timing,
    PeerReports reports,
    MapGossip gossip,
    RefillRequests refills,
    GrpcPeerConnector connector,
    IGridMapApplier applier,
    TimeProvider time,
    ILogger<HeartbeatRound> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _saidDown = new(StringComparer.Ordinal); // peers logged down, until they answer

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var map = maps.Current;

        var peers = map.Nodes.Where(n => n.Id != local.NodeId && n.State != NodeState.Retired).ToArray();
        await Task.WhenAll(peers.Select(node => BeatAsync(map, node, cancellationToken))).ConfigureAwait(false);
        if (gossip.PendingSource() is { } source && maps.Current.FindNode(source) is { } from)
        {
            await PullMapAsync(from, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BeatAsync(GridMap map, GridNode node, CancellationToken cancellationToken)
    {
        var channel = connector.Channel(node);
        var request = new HeartbeatRequest { SenderNodeId = local.NodeId, MapEpoch = map.Epoch, SentAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(), RefillRequest = refills.Own };
        try
        {
            var reply = await channel.Membership.HeartbeatAsync(request, channel.Call(cancellationToken, timing.SuspectAfter)).ConfigureAwait(false);
            var wasDown = membership.HealthOf(node.Id) == NodeHealth.Down;
            membership.Heard(node.Id);
            reports.Record(node.Id, reply.MapEpoch, reply.Disks.Select(FromWire.DiskHealth).ToArray());
            gossip.Notice(node.Id, reply.MapEpoch);
            if (_saidDown.TryRemove(node.Id, out _) || wasDown)
            {
                LogPeerBack(node.Id);
            }

            if (wasDown)
            {
                membership.NoteBack(node.Id);
            }
        }
        catch (RpcException e)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            // The transport's reason too: a certificate the peer's CA does not sign, a refused connection. `status`
            // shows it beside "down" (it was only in this node's log).
            var reason = e.StatusCode == StatusCode.PermissionDenied
                ? "it refuses this node's cluster credentials"
                : $"{e.StatusCode}: {e.Status.DebugException?.GetBaseException().Message ?? e.Status.Detail}";
            membership.Failed(node.Id, "last heartbeat from " + local.NodeId + ": " + reason);

            // Said once per outage, whenever this round finds it down: down comes from silence, so it may turn down
            // between rounds or during this call, and a check of "was it down before" missed it (sweep T: never logged).
            if (membership.HealthOf(node.Id) == NodeHealth.Down && _saidDown.TryAdd(node.Id, 0))
            {
                if (e.StatusCode == StatusCode.PermissionDenied)
                {
                    LogCredentialsRefused(node.Id);
                }
                else
                {
                    LogPeerDown(node.Id, e.StatusCode, e.Status.DebugException?.GetBaseException().Message ?? e.Status.Detail);
                }
            }
        }
    }

    private async Task PullMapAsync(GridNode from, CancellationToken cancellationToken)
    {
        var channel = connector.Channel(from);
        try
        {
            var reply = await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken)).ConfigureAwait(false);
            var result = await applier.ApplyAsync(GridMapJson.Parse(reply.MapJson), cancellationToken).ConfigureAwait(false);
            LogMapPulled(from.Id, reply.Epoch, result.Applied, result.Detail);
        }
        catch (Exception e) when (e is RpcException or GridMapException && !cancellationToken.IsCancellationRequested)
        {
            LogMapPullFailed(e, from.Id);
        }
    }

    [LoggerMessage(EventId = 2811, Level = LogLevel.Warning, Message = "Peer {NodeId} is down (last heartbeat failed with {Status}: {Reason})")]
    private partial void LogPeerDown(string nodeId, StatusCode status, string reason);

    [LoggerMessage(EventId = 2815, Level = LogLevel.Error, Message = "Peer {NodeId} refuses this node's cluster credentials (Node:ClusterId and Node:ClusterSecret must be the same on every node): it counts as down")]
    private partial void LogCredentialsRefused(string nodeId);

    [LoggerMessage(EventId = 2812, Level = LogLevel.Information, Message = "Peer {NodeId} answers again")]
    private partial void LogPeerBack(string nodeId);

    [LoggerMessage(EventId = 2813, Level = LogLevel.Information, Message = "Fetched map epoch {Epoch} from {NodeId}: applied {Applied} ({Detail})")]
    private partial void LogMapPulled(string nodeId, long epoch, bool applied, string detail);

    [LoggerMessage(EventId = 2814, Level = LogLevel.Warning, Message = "Could not fetch the newer map from {NodeId}")]
    private partial void LogMapPullFailed(Exception exception, string nodeId);
}
