using Archive.Contracts.V1;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Map;
using Archive.Node.Options;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Maps;

/// <summary>
/// A node added to a grid takes the map in force from a running node at its first start (<c>Node:JoinFrom</c>),
/// instead of an operator copying the file: it gets the map the grid runs, not a stale copy, and never runs alone on a
/// single-node map of its own meanwhile.
/// </summary>
public static class MapJoin
{
    /// <summary>The map of the node at <paramref name="joinFrom"/>; it must name this node.</summary>
    /// <exception cref="NodeConfigurationException">The node cannot be asked, or its map does not name this node.</exception>
    public static async Task<GridMap> FetchAsync(string joinFrom, NodeSettings settings, ClusterIdentity identity, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var channel = new PeerChannel("join", joinFrom, identity, settings.Grpc, time, loggers);
        MapReply reply;
        try
        {
            reply = await channel.Membership.GetMapAsync(new GetMapRequest(), channel.Call(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = RpcErrorMap.Reason(e, $"the node at {joinFrom}")
                + (e.StatusCode == StatusCode.PermissionDenied ? " (Node:ClusterId and Node:ClusterSecret must be the same on every node)" : string.Empty);
            throw new NodeConfigurationException([$"cannot take the grid map from Node:JoinFrom '{joinFrom}': {reason}"]);
        }

        var map = GridMapJson.Parse(reply.MapJson);
        if (map.FindNode(settings.NodeId) is null)
        {
            throw new NodeConfigurationException([
                $"the grid map at Node:JoinFrom '{joinFrom}' (epoch {map.Epoch}) has no node '{settings.NodeId}': append this node's entry "
                + "(`archive-node init` prints it) to the map's nodes with the epoch one higher, `archivectl map apply` it, then start this node again"]);
        }

        return map;
    }
}
