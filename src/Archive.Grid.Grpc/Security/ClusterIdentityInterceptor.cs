using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Security;

/// <summary>
/// Server interceptor that refuses, with <see cref="StatusCode.PermissionDenied"/>, every call
/// whose <see cref="ClusterIdentity.HeaderName"/> header is missing or wrong, before the handler
/// runs, and logs the caller's address at most once a minute (a node with another secret is otherwise
/// cut off without a word). One instance per host (registered as a singleton); thread-safe.
/// </summary>
public sealed partial class ClusterIdentityInterceptor(ClusterIdentity identity, TimeProvider time, ILogger<ClusterIdentityInterceptor> logger) : Interceptor
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, long> _lastLogged = new(StringComparer.Ordinal);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (!identity.Matches(context.RequestHeaders.GetValue(ClusterIdentity.HeaderName)))
        {
            // "ipv4:10.1.2.3:51234": the address without its ephemeral port names the caller.
            var caller = context.Peer is { } peer && peer.LastIndexOf(':') is var colon and > 0 ? peer[..colon] : context.Peer ?? "unknown";
            var now = time.GetTimestamp();
            if (!_lastLogged.TryGetValue(caller, out var last) || time.GetElapsedTime(last, now) >= LogEvery)
            {
                _lastLogged[caller] = now;
                LogRefused(caller);
            }

            throw new RpcException(new Status(StatusCode.PermissionDenied, "caller is not a member of this cluster"));
        }
    }

    [LoggerMessage(EventId = 2816, Level = LogLevel.Warning, Message = "Refused calls from {Caller}: missing or wrong cluster credentials (another Node:ClusterId or Node:ClusterSecret); logged at most once a minute per caller")]
    private partial void LogRefused(string caller);
}
