namespace Archive.Grid.Grpc.Peers;

/// <summary>This node's id in the grid map, and the cluster it belongs to. Immutable.</summary>
public sealed record LocalNode(string NodeId, string ClusterId);
