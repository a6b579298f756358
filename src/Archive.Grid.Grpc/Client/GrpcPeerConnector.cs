using System.Collections.Concurrent;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Map;
using Archive.Grid.Peers;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Client;

/// <summary>
/// <see cref="IPeerConnector"/> for a node: its own id maps to the in-process stores, every other
/// node to remote stores over one cached <see cref="PeerChannel"/> per node. When the map moves
/// a node to a new address a new channel is made; the old one is retired and disposed with the
/// connector (calls in flight on it finish). Thread-safe; owns its channels.
/// </summary>
public sealed class GrpcPeerConnector : IPeerConnector, IDisposable
{
    private readonly LocalNode _local;
    private readonly GridPeer _localPeer;
    private readonly ClusterIdentity _identity;
    private readonly GrpcEdgeOptions _options;
    private readonly PeerReports _reports;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggers;
    private readonly ConcurrentDictionary<string, (PeerChannel Channel, GridPeer Peer)> _remotes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<PeerChannel> _retired = [];
    private readonly Lock _gate = new();

    public GrpcPeerConnector(LocalNode local, IShardStore localShards, IManifestReplica localManifests, ClusterIdentity identity, GrpcEdgeOptions options, PeerReports reports, TimeProvider time, ILoggerFactory? loggers = null)
    {
        _local = local;
        _localPeer = new GridPeer(local.NodeId, localShards, localManifests);
        _identity = identity;
        _options = options;
        _reports = reports;
        _time = time;
        _loggers = loggers;
    }

    /// <inheritdoc />
    public IGridPeer Connect(GridNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Id == _local.NodeId ? _localPeer : Remote(node).Peer;
    }

    /// <summary>
    /// True when this node shows a certificate that is not valid at <paramref name="now"/>: every peer refuses it
    /// (<see cref="Security.CallerCertificates"/>), and what this node sees of that is only a connection its peer ended.
    /// </summary>
    public bool OwnCertificateOutOfDate(DateTimeOffset now) =>
        _options.TlsCertificate is { } own && (now < own.NotBefore.ToUniversalTime() || now > own.NotAfter.ToUniversalTime());

    /// <summary>The channel to a remote node (membership and admin calls).</summary>
    public PeerChannel Channel(GridNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Remote(node).Channel;
    }

    private (PeerChannel Channel, GridPeer Peer) Remote(GridNode node)
    {
        if (_remotes.TryGetValue(node.Id, out var entry) && entry.Channel.Address == node.Address)
        {
            return entry;
        }

        lock (_gate)
        {
            if (_remotes.TryGetValue(node.Id, out entry))
            {
                if (entry.Channel.Address == node.Address)
                {
                    return entry;
                }

                _retired.Add(entry.Channel);
            }

            var channel = new PeerChannel(node.Id, node.Address, _identity, _options, _time, _loggers);
            entry = (channel, new GridPeer(node.Id, new RemoteShardStore(channel, _reports), new RemoteManifestReplica(channel)));
            _remotes[node.Id] = entry;
            return entry;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (channel, _) in _remotes.Values)
        {
            channel.Dispose();
        }

        foreach (var channel in _retired)
        {
            channel.Dispose();
        }
    }
}
