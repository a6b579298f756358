using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Archive.Grid.Grpc.Security;

/// <summary>
/// Server interceptor that refuses, with <see cref="StatusCode.PermissionDenied"/>, every call
/// whose <see cref="ClusterIdentity.HeaderName"/> header is missing or wrong, before the handler
/// runs. Stateless and thread-safe.
/// </summary>
public sealed class ClusterIdentityInterceptor(ClusterIdentity identity) : Interceptor
{
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
            throw new RpcException(new Status(StatusCode.PermissionDenied, "caller is not a member of this cluster"));
        }
    }
}
