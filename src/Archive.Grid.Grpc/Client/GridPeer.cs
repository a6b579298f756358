using Archive.Grid.Peers;
using Archive.Storage.Store;

namespace Archive.Grid.Grpc.Client;

/// <summary>A node as the grid sees it: the local node's in-process stores, or a peer's remote ones. Immutable.</summary>
public sealed record GridPeer(string NodeId, IShardStore Shards, IManifestReplica Manifests) : IGridPeer;
