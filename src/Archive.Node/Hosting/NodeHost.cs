using System.Net;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Errors;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Grpc.Server;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Node.Diagnostics;
using Archive.Node.Options;
using Archive.Storage.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Archive.Node.Hosting;

/// <summary>
/// Builds and runs the node's web host: Kestrel with one HTTP/2 (h2c) endpoint for gRPC and one
/// HTTP/1.1 endpoint for /healthz, /readyz and /metrics; the gRPC services behind the cluster
/// identity check and the RPC error map; the heartbeat service. The <see cref="NodeRuntime"/> is
/// opened before the endpoints listen and closed after they have drained.
/// </summary>
public static class NodeHost
{
    /// <summary>Runs until SIGINT/SIGTERM; returns the process exit code.</summary>
    public static async Task<int> RunAsync(NodeSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Kestrel logs critical lines per call and per connection for a client that does not read its responses
        // ("exceeded the output operations maximum queue size", "application never completed"): a peer could flood the
        // log (sweep X2: ~700 a second). Its warnings and worse pass a few a minute; below warning, nothing.
        var kestrelLines = new LogBurstLimit(perMinute: 10, TimeProvider.System);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level >= LogLevel.Warning && kestrelLines.Allow());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var callers = new CallerCertificates(settings.Grpc.TlsTrustedAuthorities, TimeProvider.System, kestrel.ApplicationServices.GetRequiredService<ILogger<CallerCertificates>>());
            Listen(kestrel, settings.GrpcUrl, HttpProtocols.Http2, listen => callers.Serve(listen, settings.Grpc.TlsCertificate!));
            Listen(kestrel, settings.HttpUrl, HttpProtocols.Http1, null);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddRouting();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddNodeDiagnostics();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<NodeRuntime>();
        Register(builder.Services);
        // One instance for the host: it remembers which refused callers it logged (gRPC would make one per call).
        builder.Services.AddSingleton<ClusterIdentityInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ClusterIdentityInterceptor>();
            o.Interceptors.Add<RpcErrorInterceptor>();
        });
        builder.Services.AddHostedService<ManifestCheckpointService>();
        builder.Services.AddHostedService<HeartbeatService>();
        builder.Services.AddHostedService<RepairService>();
        builder.Services.AddHostedService<RepairAntiEntropyService>();
        builder.Services.AddHostedService<DeferredCompressionService>();
        builder.Services.AddHostedService<ScrubService>();
        builder.Services.AddHostedService<RebalanceService>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().StorageMetrics);
        builder.Services.AddHostedService<Dicom.DicomListenerService>();

        await using var app = builder.Build();
        // The container owns the runtime and disposes it (storage closed) after the endpoints drained.
        var runtime = app.Services.GetRequiredService<NodeRuntime>();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await runtime.OpenAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        lifetime.ApplicationStopping.Register(runtime.BeginStopping);
        MapEndpoints(app);
        var services = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToArray();
        await app.RunAsync().ConfigureAwait(false);

        // A service that failed stopped the host (the DICOM listener finding its port taken): not a clean stop, so a
        // supervisor (systemd Restart=on-failure) sees it and restarts the node.
        var failed = services.Where(s => s.ExecuteTask?.IsFaulted == true).ToArray();
        foreach (var service in failed)
        {
            Console.Error.WriteLine($"{service.GetType().Name} failed, the node stopped: {service.ExecuteTask!.Exception!.GetBaseException().Message}");
        }

        return failed.Length > 0 ? 1 : 0;
    }

    private static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Local);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Identity);
        services.AddSingleton(sp => sp.GetRequiredService<NodeSettings>().Grpc);
        services.AddSingleton(sp => sp.GetRequiredService<NodeSettings>().Membership);
        services.AddSingleton<IShardStore>(sp => sp.GetRequiredService<NodeRuntime>().Store);
        services.AddSingleton<IManifestReplica>(sp => sp.GetRequiredService<NodeRuntime>().ServedReplica);
        services.AddSingleton<Archive.Catalog.Index.ICatalogIndex>(sp => sp.GetRequiredService<NodeRuntime>().Catalog);
        services.AddSingleton<IRepairQueue>(sp => sp.GetRequiredService<NodeRuntime>().Repairs);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Maps);
        services.AddSingleton<IGridMapApplier>(sp => sp.GetRequiredService<NodeRuntime>().MapFile);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Membership);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Reports);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Gossip);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Refills);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Peers);
        services.AddSingleton<IPeerConnector>(sp => sp.GetRequiredService<NodeRuntime>().Peers);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Writer);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Reader);
        services.AddSingleton<Storage.Audit.IAuditTrail>(sp => sp.GetRequiredService<NodeRuntime>().Audit);
        services.AddSingleton<INodeReadiness>(sp => sp.GetRequiredService<NodeRuntime>());
        services.AddSingleton<HeartbeatRound>();
        services.AddSingleton(sp => new RebalanceProgress(sp.GetRequiredService<NodeSettings>().RebalanceStatePath, sp.GetRequiredService<NodeRuntime>().Maps.Current.Epoch));
        services.AddSingleton(sp => new RepairMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new Maintenance.ScrubCoordinator(sp.GetRequiredService<NodeRuntime>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<RepairMetrics>()));
        services.AddSingleton(sp => RepairService.CreateWorker(sp.GetRequiredService<NodeRuntime>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<RepairMetrics>()));
    }

    /// <summary>
    /// Maps gRPC and HTTP endpoints. No host-header filtering: peers may reach this node through
    /// proxies or NAT under another host:port; gRPC needs HTTP/2 and so only answers on the gRPC
    /// port, and the health and metrics endpoints are harmless on either.
    /// </summary>
    private static void MapEndpoints(WebApplication app)
    {
        app.MapGrpcService<ShardServiceEndpoint>();
        app.MapGrpcService<ManifestServiceEndpoint>();
        app.MapGrpcService<MembershipServiceEndpoint>();
        app.MapGrpcService<AdminServiceEndpoint>();
        app.MapGrpcService<Catalog.CatalogServiceEndpoint>();
        app.MapGrpcService<Admin.AdminLookupEndpoint>();
        app.MapGrpcService<Maintenance.MaintenanceEndpoint>();
        app.MapNodeDiagnostics();
    }

    /// <summary>Listens on <paramref name="url"/>; an https URL serves TLS by <paramref name="tls"/> (the loader required a certificate).</summary>
    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols, Action<ListenOptions>? tls)
    {
        var uri = new Uri(url);
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (uri.Scheme == Uri.UriSchemeHttps && tls is not null)
            {
                tls(listen);
            }
        }

        if (uri.Host is "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else if (IPAddress.TryParse(uri.Host, out var address))
        {
            kestrel.Listen(address, uri.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(uri.Port, Configure);
        }
    }
}
