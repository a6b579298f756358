using Archive.Contracts.V1;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
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
        if (gossip.PendingSource() is not { } source)
        {
            return;
        }

        if (maps.Current.FindNode(source.NodeId) is { } from)
        {
            await PullMapAsync(from, stranger: false, cancellationToken).ConfigureAwait(false);
        }
        else if (source.Address is { } address)
        {
            await PullMapAsync(new GridNode(source.NodeId, address, string.Empty, string.Empty, NodeState.Active, []), stranger: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BeatAsync(GridMap map, GridNode node, CancellationToken cancellationToken)
    {
        var channel = connector.Channel(node);
        var request = new HeartbeatRequest
        {
            SenderNodeId = local.NodeId,
            MapEpoch = map.Epoch,
            SentAtUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            RefillRequest = refills.Own,
            SenderAddress = map.FindNode(local.NodeId)?.Address ?? string.Empty,
        };
        try
        {
            var reply = await channel.Membership.HeartbeatAsync(request, channel.Call(cancellationToken, timing.SuspectAfter)).ConfigureAwait(false);
            var wasDown = membership.HealthOf(node.Id) == NodeHealth.Down;
            var silence = membership.SilenceOf(node.Id);
            membership.Heard(node.Id);
            reports.Record(node.Id, reply.MapEpoch, reply.Disks.Select(FromWire.DiskHealth).ToArray());
            gossip.Notice(node.Id, reply.MapEpoch);
            if (_saidDown.TryRemove(node.Id, out _) || wasDown)
            {
                LogPeerBack(node.Id);
            }

            if (wasDown)
            {
                membership.NoteBack(node.Id, silence);
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
            var reason = RpcErrorMap.Reason(e, $"node {node.Id}")
                + (connector.OwnCertificateOutOfDate(time.GetUtcNow()) ? " (this node's own gRPC certificate is not valid now: its peers refuse it)" : string.Empty);
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
                    LogPeerDown(node.Id, reason);
                }
            }
        }
    }

    /// <param name="stranger">The source is not in our map: its map is taken only when it names this node.</param>
    private async Task PullMapAsync(GridNode from, bool stranger, CancellationToken cancellationToken)
    {
        var channel = connector.Channel(from);
        try
        {
            var reply = await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken)).ConfigureAwait(false);
            var map = GridMapJson.Parse(reply.MapJson);
            if (stranger && map.FindNode(local.NodeId) is null)
            {
                LogStrangerMapIgnored(from.Id, from.Address, map.Epoch);
                return;
            }

            var result = await applier.ApplyAsync(map, cancellationToken).ConfigureAwait(false);
            if (stranger)
            {
                LogStrangerMapPulled(from.Id, from.Address, reply.Epoch, result.Applied, result.Detail);
            }
            else
            {
                LogMapPulled(from.Id, reply.Epoch, result.Applied, result.Detail);
            }
        }
        catch (Exception e) when (e is RpcException or GridMapException && !cancellationToken.IsCancellationRequested)
        {
            LogMapPullFailed(e, from.Id);
        }
    }

    [LoggerMessage(EventId = 2811, Level = LogLevel.Warning, Message = "Peer {NodeId} is down (last heartbeat failed: {Reason})")]
    private partial void LogPeerDown(string nodeId, string reason);

    [LoggerMessage(EventId = 2815, Level = LogLevel.Error, Message = "Peer {NodeId} refuses this node's cluster credentials (Node:ClusterId and Node:ClusterSecret must be the same on every node): it counts as down")]
    private partial void LogCredentialsRefused(string nodeId);

    [LoggerMessage(EventId = 2812, Level = LogLevel.Information, Message = "Peer {NodeId} answers again")]
    private partial void LogPeerBack(string nodeId);

    [LoggerMessage(EventId = 2813, Level = LogLevel.Information, Message = "Fetched map epoch {Epoch} from {NodeId}: applied {Applied} ({Detail})")]
    private partial void LogMapPulled(string nodeId, long epoch, bool applied, string detail);

    [LoggerMessage(EventId = 2818, Level = LogLevel.Warning, Message = "Node {NodeId} at {Address}, which this node's map does not name, heartbeats with map epoch {Epoch}; fetched it: applied {Applied} ({Detail}). A node started without the grid's map joins it this way")]
    private partial void LogStrangerMapPulled(string nodeId, string address, long epoch, bool applied, string detail);

    [LoggerMessage(EventId = 2819, Level = LogLevel.Warning, Message = "Node {NodeId} at {Address}, which this node's map does not name, has map epoch {Epoch}, which does not name this node either: not applied")]
    private partial void LogStrangerMapIgnored(string nodeId, string address, long epoch);

    [LoggerMessage(EventId = 2814, Level = LogLevel.Warning, Message = "Could not fetch the newer map from {NodeId}")]
    private partial void LogMapPullFailed(Exception exception, string nodeId);
}
