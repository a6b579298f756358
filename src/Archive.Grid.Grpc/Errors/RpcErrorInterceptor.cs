using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Errors;

/// <summary>
/// Server interceptor applying <see cref="RpcErrorMap.ToRpc"/> to every handler, and logging the
/// unexpected (INTERNAL) ones. Stateless and thread-safe.
/// </summary>
public sealed partial class RpcErrorInterceptor(ILogger<RpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        var mapped = RpcErrorMap.ToRpc(e, context.CancellationToken);
        if (mapped.StatusCode == StatusCode.Internal)
        {
            LogHandlerFailed(e, context.Method);
        }
        else if (mapped.StatusCode != StatusCode.Cancelled)
        {
            LogCallRefused(context.Method, mapped.StatusCode, mapped.Status.Detail);
        }

        return mapped;
    }

    [LoggerMessage(EventId = 2801, Level = LogLevel.Error, Message = "gRPC handler {Method} failed unexpectedly")]
    private partial void LogHandlerFailed(Exception exception, string method);

    [LoggerMessage(EventId = 2802, Level = LogLevel.Warning, Message = "gRPC call {Method} refused: {Status} ({Detail})")]
    private partial void LogCallRefused(string method, StatusCode status, string detail);
}
