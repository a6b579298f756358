using System.Net;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using Archive.Node.Catalog;
using Archive.Node.Hosting;
using Archive.Service;
using Archive.Service.Committing;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Service.Retrieving;
using Archive.Service.Storing;
using Archive.Storage.Cache;
using Archive.Storage.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Dicom;

/// <summary>
/// The node's DICOM face, wired from an open <see cref="NodeRuntime"/>: AE registry, replica
/// cache, grid-wide catalog search, the store/find/retrieve/commit handlers and the listener.
/// </summary>
public sealed class DicomRuntime : IAsyncDisposable
{
    private readonly DicomListener _listener;
    private readonly DicomListener? _tlsListener;
    private readonly ArchiveStoreHandler _store;

    public DicomRuntime(NodeRuntime node, StorageMetrics storageMetrics, ILoggerFactory loggers, TimeProvider time, Diagnostics.DicomMetrics? dicomMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var settings = node.Settings;
        var dicom = settings.Dicom;
        Options = DicomSettings.ToServiceOptions(dicom, settings.FastDirectory);
        Registry = new AeRegistry(Options);
        var cacheOptions = new ReplicaCacheOptions { Directory = Storage.Layout.StoragePaths.CacheDirectory(settings.FastDirectory), CapacityBytes = dicom.ReplicaCacheBytes };
        Cache = new ReplicaCache(cacheOptions, storageMetrics, loggers.CreateLogger<ReplicaCache>());
        storageMetrics.ObserveCache(Cache);
        Searcher = GridCatalogSearcher.Of(node, loggers);
        var fetcher = new ObjectFetcher(node.Reader, Cache, Path.Combine(settings.FastDirectory, "dicom-fetch"), Options.MemorySpoolObjectBytes, Options.MemorySpoolBytes, loggers.CreateLogger<ObjectFetcher>());
        var clientOptions = new DicomClientOptions { CallingAeTitle = Options.AeTitle, Tls = Options.Tls };
        var commitmentOptions = new CommitmentOptions { JournalDirectory = Path.Combine(settings.FastDirectory, "commitments"), GiveUpAfter = dicom.CommitmentGiveUpAfter };
        var commitment = new ArchiveCommitmentHandler(
            Registry,
            new CommitmentJournal(commitmentOptions.JournalDirectory),
            new GridCommitmentVerifier(Registry, Searcher, node.Reader, node.Maps, node.Peers),
            new CommitmentReportSender(Registry, Options, clientOptions),
            commitmentOptions,
            time,
            loggers.CreateLogger<ArchiveCommitmentHandler>(),
            node.Audit);
        Service = new ArchiveDicomService(
            Options,
            Registry,
            _store = new ArchiveStoreHandler(Registry, node.Writer, Searcher, Cache, Options, time, loggers.CreateLogger<ArchiveStoreHandler>(), node.Audit),
            new ArchiveFindHandler(Registry, Searcher, Options, loggers.CreateLogger<ArchiveFindHandler>(), node.Audit),
            new ArchiveRetrieveHandler(Registry, Searcher, fetcher, Options, loggers.CreateLogger<ArchiveRetrieveHandler>(), node.Audit),
            commitment,
            node.Audit);
        var address = IPAddress.Parse(dicom.BindAddress);
        var listenerOptions = new DicomListenerOptions { MaxAssociations = dicom.MaxAssociations, MaxAssociationsPerCallingAe = dicom.MaxAssociationsPerCallingAe, Policy = new AssociationPolicy() };
        var logger = loggers.CreateLogger("Archive.Dicom");
        DicomListener Listener(IPEndPoint endPoint, DicomTls? tls) => dicomMetrics is null
            ? Service.CreateListener(endPoint, listenerOptions with { Tls = tls }, time, logger)
            : MeteredListener(endPoint, listenerOptions with { Tls = tls }, dicomMetrics, time, logger);
        _listener = Listener(new IPEndPoint(address, dicom.Port), null);
        _tlsListener = Options.Tls is { } tls ? Listener(new IPEndPoint(address, dicom.Tls.Port), tls) : null;
        dicomMetrics?.ObserveCommitments(() => commitment.Backlog, time);
        dicomMetrics?.ObserveActiveAssociations(() => _listener.ActiveAssociations + (_tlsListener?.ActiveAssociations ?? 0));
    }

    public ArchiveServiceOptions Options { get; }

    public AeRegistry Registry { get; }

    public ReplicaCache Cache { get; }

    public ICatalogSearcher Searcher { get; }

    public ArchiveDicomService Service { get; }

    /// <summary>The port the listener is bound to once started.</summary>
    public int Port => _listener.Port;

    /// <summary>The port the TLS listener is bound to once started; null without one (Dicom:Tls:Enabled).</summary>
    public int? TlsPort => _tlsListener?.Port;

    /// <summary>Starts listening; a port that cannot be had throws <see cref="ListenException"/> naming it.</summary>
    public void Start()
    {
        StartOn(_listener, "Dicom:Port");
        if (_tlsListener is not null)
        {
            StartOn(_tlsListener, "Dicom:Tls:Port");
        }
    }

    private static void StartOn(DicomListener listener, string setting)
    {
        try
        {
            listener.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ListenException($"port {listener.EndPoint.Port} ({setting})", e);
        }
    }

    /// <summary>A listener could not take its port: <see cref="Exception.Message"/> names the port and its setting.</summary>
    public sealed class ListenException(string port, System.Net.Sockets.SocketException inner) : Exception($"{port}: {inner.Message}", inner)
    {
        public string Port { get; } = port;
    }

    public Task StopAsync(TimeSpan drain) =>
        Task.WhenAll(_listener.StopAsync(drain), _tlsListener?.StopAsync(drain) ?? Task.CompletedTask);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        if (_tlsListener is not null)
        {
            await _tlsListener.DisposeAsync().ConfigureAwait(false);
        }

        Service.FlushRejectionAudit();
        await _store.DisposeAsync().ConfigureAwait(false);
        Cache.Dispose();
    }

    /// <summary>
    /// The listener with metrics: every association's dispatcher metered, and the find and retrieve
    /// handlers decorated to count the bytes they send; calling AE labels bounded by the registered AEs.
    /// </summary>
    private DicomListener MeteredListener(IPEndPoint endPoint, DicomListenerOptions options, Diagnostics.DicomMetrics metrics, TimeProvider time, ILogger logger)
    {
        var labels = new CallingAeLabels(Options.RemoteAes.Select(a => a.AeTitle));
        var services = Service.Services(new ScpServices());
        services = services with
        {
            Find = services.Find is { } find ? new MeteredFindHandler(find, metrics, labels) : null,
            Retrieve = services.Retrieve is { } retrieve ? new MeteredRetrieveHandler(retrieve, metrics, labels) : null,
        };
        return new DicomListener(
            Service.ListenerOptions(endPoint, options),
            association => new MeteredDimseServiceProvider(new ScpDispatcher(services, logger), association, metrics, labels, time),
            time,
            logger);
    }
}
