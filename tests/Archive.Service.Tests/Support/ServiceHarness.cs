using System.Net;
using Archive.Catalog.Index;
using Archive.Dicom.Network.Scu;
using Archive.Dicom.Network.Transport;
using Archive.Index;
using Archive.Index.Catalog;
using Archive.Service.Cataloging;
using Archive.Service.Committing;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Service.Retrieving;
using Archive.Service.Storing;
using Archive.Storage.Audit;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Service.Tests.Support;

/// <summary>
/// The archive's DICOM service on a real listener, over six in-memory grid nodes (ec-4-2) and a
/// real RocksDB catalog: what a PACS sees, minus processes and gRPC.
/// </summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    private readonly GridDatabase _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _background;

    /// <param name="tls">When given, a second listener serves TLS (<see cref="TlsPort"/>) and C-MOVE destinations configured for TLS are called over it.</param>
    public ServiceHarness(IReadOnlyList<RemoteAe> remoteAes, bool runCommitments = true, DicomTls? tls = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "archive-service-" + Guid.NewGuid().ToString("N")[..8]);
        _database = GridDatabase.Open(Path.Combine(Directory, "grid-db"));
        Catalog = new RocksCatalogIndex(_database);
        Grid = new FakeGrid(6, decorateReplica: replica => new CatalogingManifestReplica(replica, Catalog));
        Options = new ArchiveServiceOptions { AeTitle = "ARCHIVE", RemoteAes = remoteAes, SpoolDirectory = Path.Combine(Directory, "spool"), Tls = tls };
        Registry = new AeRegistry(Options);
        var searcher = new LocalCatalogSearcher(Catalog);
        // A small in-memory limit: the retrieve tests' smaller objects are fetched into memory, their images into spool files.
        var fetcher = new ObjectFetcher(Grid.Reader, null, Path.Combine(Directory, "fetch"), memoryObjectBytes: 64 * 1024, memoryBytes: 8 * 1024 * 1024);
        CommitmentOptions = new CommitmentOptions { JournalDirectory = Path.Combine(Directory, "commitments"), CheckInterval = TimeSpan.FromMilliseconds(200) };
        Searcher = searcher;
        Audit = AuditLog.Open(AuditDirectory, "harness", TimeProvider.System, TimeSpan.Zero, NullLogger.Instance);
        Commitment = NewCommitmentHandler();
        Service = new ArchiveDicomService(
            Options,
            Registry,
            new ArchiveStoreHandler(Registry, Grid.Writer, searcher, null, Options, TimeProvider.System, NullLogger<ArchiveStoreHandler>.Instance, Audit),
            new ArchiveFindHandler(Registry, searcher, Options, NullLogger<ArchiveFindHandler>.Instance, Audit),
            new ArchiveRetrieveHandler(Registry, searcher, fetcher, Options, NullLogger<ArchiveRetrieveHandler>.Instance, Audit),
            Commitment,
            Audit);
        Listener = Service.CreateListener(new IPEndPoint(IPAddress.Loopback, 0));
        Listener.Start();
        TlsListener = tls is null ? null : Service.CreateListener(new IPEndPoint(IPAddress.Loopback, 0), new DicomListenerOptions { Tls = tls });
        TlsListener?.Start();
        _background = runCommitments ? Service.RunAsync(_stop.Token) : Task.CompletedTask;
    }

    /// <summary>A commitment handler over the same journal and grid, as a restarted node builds it.</summary>
    public ArchiveCommitmentHandler NewCommitmentHandler() => new(
        Registry,
        new CommitmentJournal(CommitmentOptions.JournalDirectory),
        new GridCommitmentVerifier(Registry, Searcher, Grid.Reader, Grid.Maps, Grid),
        new CommitmentReportSender(Registry, Options, new DicomClientOptions { Tls = Options.Tls }),
        CommitmentOptions,
        TimeProvider.System,
        NullLogger<ArchiveCommitmentHandler>.Instance,
        Audit);

    public ICatalogSearcher Searcher { get; }

    /// <summary>The audit trail every handler records into (written at once: no flush interval).</summary>
    public AuditLog Audit { get; }

    public string AuditDirectory => Path.Combine(Directory, "audit");

    public string Directory { get; }

    public ICatalogIndex Catalog { get; }

    public FakeGrid Grid { get; }

    public ArchiveServiceOptions Options { get; }

    public AeRegistry Registry { get; }

    public CommitmentOptions CommitmentOptions { get; }

    public ArchiveCommitmentHandler Commitment { get; }

    public ArchiveDicomService Service { get; }

    public DicomListener Listener { get; }

    public int Port => Listener.Port;

    public DicomListener? TlsListener { get; }

    public int TlsPort => TlsListener?.Port ?? throw new InvalidOperationException("the harness has no TLS listener");

    /// <summary>Stops serving but keeps the data directory (a node restart keeps its disks).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _background;
        await Listener.DisposeAsync();
        if (TlsListener is not null)
        {
            await TlsListener.DisposeAsync();
        }

        await Audit.DisposeAsync();
        Grid.Dispose();
        _database.Dispose();
    }

    public void DeleteData() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>An interop test's teardown: its dcmtk peer killed, this archive stopped and deleted, the test's work directory deleted.</summary>
    public async Task DisposeWithAsync(System.Diagnostics.Process peer, string workDirectory)
    {
        peer.Kill(entireProcessTree: true);
        await DisposeAsync();
        DeleteData();
        System.IO.Directory.Delete(workDirectory, recursive: true);
    }
}
