using Archive.Contracts.V1;
using Archive.Grid.Grpc.Security;
using Archive.Tls;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Client;

/// <summary>
/// One HTTP/2 (h2c) channel to one peer address, with every call stamped with our
/// <see cref="ClusterIdentity"/> header, and the typed clients over it. Thread-safe; owns the
/// channel and disposes it.
/// </summary>
public sealed class PeerChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly GrpcEdgeOptions _options;
    private readonly TimeProvider _time;

    /// <summary>
    /// An https peer's certificate must chain to our authorities and name the host we call (<see cref="PeerTrust"/>);
    /// a node shows its own certificate in turn (<see cref="CallerCertificates"/>).
    /// </summary>
    private static System.Net.Security.SslClientAuthenticationOptions TlsOptions(GrpcEdgeOptions options) => new()
    {
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        CertificateChainPolicy = PeerTrust.ChainPolicy(options.TlsTrustedAuthorities),
        ClientCertificateContext = options.TlsCertificate is { } own ? System.Net.Security.SslStreamCertificateContext.Create(own, null, offline: true) : null,
    };

    public PeerChannel(string nodeId, string address, ClusterIdentity identity, GrpcEdgeOptions options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        NodeId = nodeId;
        Address = address;
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            SslOptions = TlsOptions(options),
        };
        // A restarted peer must be usable again within a heartbeat or two, not after the default
        // exponential reconnect backoff (up to two minutes), during which calls fail at once.
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            LoggerFactory = loggers,
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = options.ConnectTimeout,
        });
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add(ClusterIdentity.HeaderName, identity.HeaderValue);
            return metadata;
        });
        Shards = new ShardService.ShardServiceClient(invoker);
        Manifests = new ManifestService.ManifestServiceClient(invoker);
        Membership = new MembershipService.MembershipServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        Catalog = new CatalogService.CatalogServiceClient(invoker);
        Lookup = new AdminLookupService.AdminLookupServiceClient(invoker);
        Maintenance = new MaintenanceService.MaintenanceServiceClient(invoker);
    }

    public string NodeId { get; }

    public string Address { get; }

    public ShardService.ShardServiceClient Shards { get; }

    public ManifestService.ManifestServiceClient Manifests { get; }

    public MembershipService.MembershipServiceClient Membership { get; }

    public AdminService.AdminServiceClient Admin { get; }

    /// <summary>Catalog fan-out (the host serves and uses it; the grid edge only carries it).</summary>
    public CatalogService.CatalogServiceClient Catalog { get; }

    /// <summary>The operator's lookups (served by the host; archivectl uses them).</summary>
    public AdminLookupService.AdminLookupServiceClient Lookup { get; }

    /// <summary>Scrub, repair and verify (served by the host; archivectl uses them).</summary>
    public MaintenanceService.MaintenanceServiceClient Maintenance { get; }

    /// <summary>Options for one call: the caller's token and a deadline of <paramref name="timeout"/> (default <see cref="GrpcEdgeOptions.CallTimeout"/>).</summary>
    public CallOptions Call(CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        new(deadline: (_time.GetUtcNow() + (timeout ?? _options.CallTimeout)).UtcDateTime, cancellationToken: cancellationToken);

    /// <summary>Bytes per streamed chunk.</summary>
    public int ChunkBytes => _options.ChunkBytes;

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
