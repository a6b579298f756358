using Grpc.Core;

namespace Archive.Grid.Grpc.Errors;

/// <summary>
/// A call to a peer failed: it was unreachable, too slow, refused us, or failed inside. The grid
/// treats any exception from a peer as a missed peer (the shard or replica is missed and the
/// node marked failed), so this is the single exception the remote clients raise.
/// </summary>
public sealed class PeerCallException : Exception
{
    public PeerCallException(string nodeId, StatusCode status, string detail, Exception? inner = null)
        : base($"call to node {nodeId} failed: {status} ({detail})", inner)
    {
        NodeId = nodeId;
        Status = status;
    }

    public string NodeId { get; }

    /// <summary>The gRPC status the call ended with.</summary>
    public StatusCode Status { get; }

    /// <summary>True when the peer could not be reached or answered too late (a transport failure, not a refusal).</summary>
    public bool IsTransportFailure => Status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Unknown;
}
