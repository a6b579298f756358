using System.Net;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Grpc.Server;
using Archive.Grid.Peers;
using Archive.Storage.Store;
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

    public static async Task<EdgeServer> StartAsync(GrpcEdgeOptions? options = null)
    {
        options ??= Options();
        var store = new MemoryShardStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ClusterIdentity(options.ClusterId, options.ClusterSecret));
        builder.Services.AddSingleton<IShardStore>(store);
        builder.Services.AddSingleton<IManifestReplica>(new Archive.Testing.Fakes.InMemoryManifestReplica(() => false));
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ClusterIdentityInterceptor>();
            o.Interceptors.Add<RpcErrorInterceptor>();
        });
        var app = builder.Build();
        app.MapGrpcService<ShardServiceEndpoint>();
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
