using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Peers;
using Grpc.Core;

namespace Archive.Grid.Grpc.Errors;

/// <summary>
/// The one RPC error map of the gRPC edge (STYLE.md §4), both directions:
/// <list type="bullet">
/// <item>Server: an exception escaping a handler becomes a status — cancellation → CANCELLED,
/// malformed input (<see cref="ArgumentException"/>, <see cref="InvalidDataException"/>,
/// <see cref="FormatException"/>, <see cref="GridManifestFormatException"/>, <see cref="GridMapException"/>)
/// → INVALID_ARGUMENT, I/O failures and catalog partitions no replica of answered
/// (<see cref="PartitionsUnreachableException"/>) → UNAVAILABLE, anything else → INTERNAL (type name only).</item>
/// <item>Client: a failed call becomes <see cref="OperationCanceledException"/> when the caller
/// cancelled, otherwise <see cref="PeerCallException"/>, which the grid counts as a missed peer.</item>
/// </list>
/// Expected outcomes (not found, corrupt, disk full) are never errors: they travel as values.
/// Pure and thread-safe.
/// </summary>
public static class RpcErrorMap
{
    /// <summary>The status an exception thrown by a handler is reported with.</summary>
    public static RpcException ToRpc(Exception exception, CancellationToken callToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RpcException rpc => rpc,
            OperationCanceledException when callToken.IsCancellationRequested => new RpcException(new Status(StatusCode.Cancelled, "call cancelled or past its deadline")),
            ArgumentException or InvalidDataException or FormatException or GridManifestFormatException or GridMapException
                => new RpcException(new Status(StatusCode.InvalidArgument, exception.Message)),
            IOException or UnauthorizedAccessException => new RpcException(new Status(StatusCode.Unavailable, "storage I/O failed: " + exception.Message)),
            PartitionsUnreachableException => new RpcException(new Status(StatusCode.Unavailable, exception.Message)),
            _ => new RpcException(new Status(StatusCode.Internal, "internal error: " + exception.GetType().Name)),
        };
    }

    /// <summary>
    /// Why a call to a peer failed, in words for `status` and the log: its refusal of our cluster credentials, a failed
    /// TLS handshake (<see cref="Archive.Tls.TlsFailure"/>), or the transport's own reason (a refused connection).
    /// </summary>
    /// <param name="peer">The peer as a sentence's subject: "node node-3".</param>
    public static string Reason(RpcException exception, string peer)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode == StatusCode.PermissionDenied ? "it refuses this node's cluster credentials"
            : Archive.Tls.TlsFailure.Find(exception.Status.DebugException) is { } tls ? "TLS handshake failed: " + Archive.Tls.TlsFailure.Describe(tls, peer)
            : $"{exception.StatusCode}: {exception.Status.DebugException?.GetBaseException().Message ?? exception.Status.Detail}";
    }

    /// <summary>The exception a failed call to <paramref name="nodeId"/> surfaces to the grid as.</summary>
    public static Exception FromRpc(string nodeId, RpcException exception, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode == StatusCode.Cancelled && callerToken.IsCancellationRequested)
        {
            return new OperationCanceledException("the call was cancelled by its caller", exception, callerToken);
        }

        // A TLS handshake that failed (an untrusted or misnamed certificate) comes back as Internal: to the grid the
        // peer is unreachable, and the operator needs the reason.
        if (Archive.Tls.TlsFailure.Find(exception.Status.DebugException) is { } tls)
        {
            return new PeerCallException(nodeId, StatusCode.Unavailable, $"TLS handshake with node {nodeId} failed: {Archive.Tls.TlsFailure.Describe(tls, $"node {nodeId}")}", exception);
        }

        return new PeerCallException(nodeId, exception.StatusCode, exception.Status.Detail, exception);
    }
}
