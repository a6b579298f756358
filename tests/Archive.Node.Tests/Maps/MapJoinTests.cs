using System.Diagnostics.Metrics;
using System.Net;
using Archive.Contracts.V1;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Node.Hosting;
using Archive.Node.Maps;
using Archive.Node.Options;
using Archive.Testing.Fakes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Maps;

/// <summary>How a node added to a grid gets the grid's map: <c>--join</c> at first start, or the grid's heartbeats.</summary>
public sealed class MapJoinTests : IDisposable
{
    private const string Secret = "join-secret";
    private readonly string _home = Path.Combine(Path.GetTempPath(), "map-join-" + Guid.NewGuid().ToString("N"));

    private static GridMap GridMap(long epoch, params string[] nodes) =>
        GridMapFactory.Create("local", nodes.Select((n, i) => GridMapFactoryTests.Node(n, 6, 7100 + (10 * i))).ToArray(), "ec-4-2", "rep-3", 65536) with { Epoch = epoch };

    [Fact]
    public async Task Open_WithJoinFrom_TakesTheMapInForceThere_AndKeepsItsFile()
    {
        await using var grid = await MapServer.StartAsync(GridMap(3, "node-1", "node-2"));
        var settings = Settings("node-2", grid.Address);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        await using (var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System))
        {
            await runtime.OpenAsync(CancellationToken.None);
            Assert.Equal(3, runtime.Maps.Current.Epoch);
            Assert.Equal(["node-1", "node-2"], runtime.Maps.Current.Nodes.Select(n => n.Id));
        }

        Assert.Equal(3, GridMapJson.Load(settings.GridMapPath).Epoch); // the next start reads the file, not the grid
    }

    [Fact]
    public async Task Join_AMapThatDoesNotNameThisNode_IsRefusedWithWhatToDo()
    {
        await using var grid = await MapServer.StartAsync(GridMap(3, "node-1"));

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => Fetch(Settings("node-2", grid.Address), Secret));

        Assert.Contains("has no node 'node-2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("map apply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_WithAnotherSecret_SaysTheCredentialsAreRefused()
    {
        await using var grid = await MapServer.StartAsync(GridMap(3, "node-1", "node-2"));

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => Fetch(Settings("node-2", grid.Address), "another-secret"));

        Assert.Contains("refuses this node's cluster credentials", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task AStrangerHeartbeatingANewerMap_IsFollowed_OnlyWhenItNamesThisNode(bool namesUs, long epochAfter)
    {
        // A node started without the grid's map runs on its own single-node map, which names none of the grid's nodes:
        // only their heartbeats reach it, and they carry their address for it to fetch the map from.
        await using var grid = await MapServer.StartAsync(namesUs ? GridMap(2, "node-1", "node-2") : GridMap(2, "node-1", "node-3"));
        var maps = new GridMapHolder(GridMap(1, "node-2"));
        var applier = new GridMapFile(Path.Combine(_home, "grid-map.json"), maps, NullLogger<GridMapFile>.Instance);
        Directory.CreateDirectory(_home);
        var time = TimeProvider.System;
        var local = new LocalNode("node-2", "local");
        var identity = new ClusterIdentity("local", Secret);
        var options = new GrpcEdgeOptions { ClusterId = "local", ClusterSecret = Secret, SpoolDirectory = _home };
        using var peers = new GrpcPeerConnector(local, new InMemoryShardStore(), new InMemoryManifestReplica(() => false), identity, options, new PeerReports(time), time);
        var gossip = new MapGossip(maps);
        var round = new HeartbeatRound(local, maps, new MembershipTable(new MembershipOptions(), time, "node-2"), new MembershipOptions(), new PeerReports(time), gossip, new RefillRequests(), peers, applier, time, NullLogger<HeartbeatRound>.Instance);

        gossip.Notice("node-1", 2, grid.Address);
        await round.RunAsync(CancellationToken.None);

        Assert.Equal(epochAfter, maps.Current.Epoch);
    }

    private NodeSettings Settings(string id, string joinFrom) =>
        NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", _home, "--id", id, "--join", joinFrom, "--secret", Secret, "--Node:DefaultDiskCount=2"], _ => null), _home);

    private static Task<GridMap> Fetch(NodeSettings settings, string secret) =>
        MapJoin.FetchAsync(settings.JoinFrom!, settings, new ClusterIdentity("local", secret), TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    /// <summary>A running node's membership service as far as joining needs it: GetMap, behind the cluster credentials check.</summary>
    private sealed class MapServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MapServer(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public static async Task<MapServer> StartAsync(GridMap map)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
            builder.Services.AddSingleton(new ClusterIdentity("local", Secret));
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<ClusterIdentityInterceptor>();
            builder.Services.AddSingleton(new MapOnly(map));
            builder.Services.AddGrpc(o => o.Interceptors.Add<ClusterIdentityInterceptor>());
            var app = builder.Build();
            app.MapGrpcService<MapOnly>();
            await app.StartAsync();
            return new MapServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class MapOnly(GridMap map) : MembershipService.MembershipServiceBase
    {
        public override Task<MapReply> GetMap(GetMapRequest request, ServerCallContext context) =>
            Task.FromResult(new MapReply { Epoch = map.Epoch, MapJson = GridMapJson.Serialize(map) });
    }
}
