using System.Net;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Grpc.Server;
using Archive.Grid.Peers;
using Archive.Storage.Store;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Tests;

/// <summary>The shard and manifest endpoints on a real Kestrel h2c listener (loopback, any port) over in-memory stores.</summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    public const string Secret = "test-secret-123";

    private readonly WebApplication _app;

    private EdgeServer(WebApplication app, string address, MemoryShardStore store)
    {
        _app = app;
        Address = address;
        Store = store;
    }

    public string Address { get; }

    public MemoryShardStore Store { get; }

    public static GrpcEdgeOptions Options(int chunkBytes = 64 * 1024, int maxShardBytes = 16 * 1024 * 1024) => new()
    {
        ClusterId = "test",
        ClusterSecret = Secret,
        ChunkBytes = chunkBytes,
        MaxShardBytes = maxShardBytes,
        SpoolDirectory = Path.GetTempPath(),
        CallTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(1),
    };

    /// <param name="previousVersion">Serve the shard service as a node that predates PutWhole does (a rolling upgrade).</param>
    /// <param name="logs">Receives the server's log messages (level and text), when given.</param>
    /// <param name="certificate">Serve https with it (as a node whose gRPC URL is https), else h2c; callers' certificates are checked against <paramref name="callersCa"/>.</param>
    public static async Task<EdgeServer> StartAsync(GrpcEdgeOptions? options = null, bool previousVersion = false, System.Collections.Concurrent.ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Message)>? logs = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null, System.Security.Cryptography.X509Certificates.X509Certificate2Collection? callersCa = null)
    {
        options ??= Options();
        var store = new MemoryShardStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(new QueueLoggerProvider(logs));
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                new CallerCertificates(callersCa, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CallerCertificates>.Instance).Serve(o, certificate);
            }
        }));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ClusterIdentity(options.ClusterId, options.ClusterSecret));
        builder.Services.AddSingleton<IShardStore>(store);
        builder.Services.AddSingleton<IManifestReplica>(new Archive.Testing.Fakes.InMemoryManifestReplica(() => false));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClusterIdentityInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ClusterIdentityInterceptor>();
            o.Interceptors.Add<RpcErrorInterceptor>();
        });
        builder.Services.AddSingleton<ShardServiceEndpoint>(); // PreviousVersionShardEndpoint's inner endpoint
        var app = builder.Build();
        if (previousVersion)
        {
            app.MapGrpcService<PreviousVersionShardEndpoint>();
        }
        else
        {
            app.MapGrpcService<ShardServiceEndpoint>();
        }

        app.MapGrpcService<ManifestServiceEndpoint>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EdgeServer(app, address, store);
    }

    /// <summary>A channel to this server presenting <paramref name="secret"/>.</summary>
    public PeerChannel Channel(string secret = Secret, GrpcEdgeOptions? options = null) =>
        new("peer", Address, new ClusterIdentity("test", secret), options ?? Options(), TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The shard service of a node that predates PutWhole: streamed puts and reads; PutWhole answers Unimplemented (the generated base).</summary>
internal sealed class PreviousVersionShardEndpoint(ShardServiceEndpoint current) : ShardService.ShardServiceBase
{
    public override Task<PutShardReply> Put(IAsyncStreamReader<PutShardChunk> requestStream, ServerCallContext context) =>
        current.Put(requestStream, context);

    public override Task Read(ReadShardRequest request, IServerStreamWriter<ReadShardChunk> responseStream, ServerCallContext context) =>
        current.Read(request, responseStream, context);
}

/// <summary>Puts every log message in a queue, for tests that check what a server says.</summary>
internal sealed class QueueLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> queue) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(queue);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> queue) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            queue.Enqueue((logLevel, formatter(state, exception)));
    }
}
