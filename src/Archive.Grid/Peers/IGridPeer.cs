using Archive.Storage.Store;

namespace Archive.Grid.Peers;

/// <summary>
/// One node as the grid sees it: its shard store and its catalog partition replicas. The local
/// node's peer calls the stores in-process; remote peers go over gRPC (the host wires which).
/// </summary>
public interface IGridPeer
{
    string NodeId { get; }

    IShardStore Shards { get; }

    IManifestReplica Manifests { get; }
}

/// <summary>Gives the peer for a node of the current map. Implementations cache connections and are thread-safe.</summary>
public interface IPeerConnector
{
    IGridPeer Connect(Map.GridNode node);
}
