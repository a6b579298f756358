using System.Diagnostics.Metrics;
using Archive.Codec.SelfTest;
using Archive.Grid.Coding;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Grpc.Security;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Grid.Writing;
using Archive.Index;
using Archive.Index.Catalog;
using Archive.Index.DeferredCompression;
using Archive.Index.Manifests;
using Archive.Index.Repair;
using Archive.Node.Diagnostics;
using Archive.Node.Maps;
using Archive.Node.Options;
using Archive.Service.Cataloging;
using Archive.Storage.Audit;
using Archive.Storage.Diagnostics;
using Archive.Storage.Indexing;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Everything a running node is made of, opened in order by <see cref="OpenAsync"/>: codec
/// self-test (a failure refuses to start), blank disks formatted, shard index and storage engine
/// opened (recovery runs), grid database (catalog replicas, repair queue), grid map loaded or —
/// in single-node mode — generated, then membership, peers, writer and reader. The host
/// registers its parts as singletons; it is the only place that wires layers together.
/// <see cref="DisposeAsync"/> closes in reverse order. Thread-safe once open.
/// </summary>
public sealed class NodeRuntime(NodeSettings settings, ILoggerFactory loggers, IMeterFactory meters, TimeProvider time) : INodeReadiness, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<NodeRuntime>();
    private IShardIndex? _index;
    private GridDatabase? _gridDatabase;
    private Grid.Diagnostics.GridMetrics? _gridMetrics;
    private StorageMetrics? _storageMetrics;
    private LocalShardStore? _store;
    private RocksManifestReplica? _manifests;
    private FaultWatchingReplica? _servedReplica;
    private RocksCatalogIndex? _catalog;
    private RocksRepairQueue? _repairs;
    private RocksDeferredCompressionQueue? _deferredCompression;
    private GridMapHolder? _maps;
    private GridMapFile? _mapFile;
    private MembershipTable? _membership;
    private PeerReports? _reports;
    private MapGossip? _gossip;
    private RefillRequests? _refills;
    private GrpcPeerConnector? _peers;
    private CodecPool? _codecs;
    private GridWriter? _writer;
    private GridReader? _reader;
    private AuditLog? _audit;

    /// <summary>How long the audit writer gathers events between fsyncs: a crash loses at most about this much of the trail.</summary>
    private static readonly TimeSpan AuditFlushInterval = TimeSpan.FromMilliseconds(200);
    private volatile bool _open;
    private int _disposed;
    private Storage.Disks.DirectoryLock? _homeLock;
    private volatile bool _stopping;

    public NodeSettings Settings => settings;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Open and not stopping: its store, index and maps can be read (whether or not any disk serves).</summary>
    public bool IsOpen => _open && !_stopping;

    public bool IsReady => IsOpen && Store.GetHealth().ServingDisks > 0;

    public LocalShardStore Store => _store ?? throw NotOpen();

    /// <summary>This node's catalog index over the partitions it replicates.</summary>
    public RocksCatalogIndex Catalog => _catalog ?? throw NotOpen();

    /// <summary>The manifest replica peers and the local writer use: every manifest it takes is catalogued in the same synced write.</summary>
    public RocksManifestReplica Replica => _manifests ?? throw NotOpen();

    /// <summary>The replica as the grid and the peers use it: its database errors are noted in <see cref="DatabaseFaults"/>.</summary>
    public IManifestReplica ServedReplica => _servedReplica ?? throw NotOpen();

    /// <summary>Errors the fast directory's databases raised while the node ran.</summary>
    public DatabaseFaults DatabaseFaults { get; } = new(loggers.CreateLogger<DatabaseFaults>(), time);

    public RocksRepairQueue Repairs => _repairs ?? throw NotOpen();

    /// <summary>Background compression steps of objects stored uncompressed (<c>Write:CompressWhen</c> = Deferred).</summary>
    public RocksDeferredCompressionQueue DeferredCompression => _deferredCompression ?? throw NotOpen();

    public GridDatabase GridDatabase => _gridDatabase ?? throw NotOpen();

    /// <summary>The storage engine's instruments, declared once for the node (the store and the replica cache record into them).</summary>
    public StorageMetrics StorageMetrics => _storageMetrics ?? throw NotOpen();

    /// <summary>The grid's instruments (writes, reads, codec), shared by everything that codes on this node.</summary>
    public Grid.Diagnostics.GridMetrics GridMetrics => _gridMetrics ?? throw NotOpen();

    public GridMapHolder Maps => _maps ?? throw NotOpen();

    public GridMapFile MapFile => _mapFile ?? throw NotOpen();

    public MembershipTable Membership => _membership ?? throw NotOpen();

    public PeerReports Reports => _reports ?? throw NotOpen();

    public MapGossip Gossip => _gossip ?? throw NotOpen();

    /// <summary>Catalog refills this node asks its peers for, and those they ask of it.</summary>
    public RefillRequests Refills => _refills ?? throw NotOpen();

    public GrpcPeerConnector Peers => _peers ?? throw NotOpen();

    public CodecPool Codecs => _codecs ?? throw NotOpen();

    public GridWriter Writer => _writer ?? throw NotOpen();

    public GridReader Reader => _reader ?? throw NotOpen();

    /// <summary>This node's audit trail (stores, queries, retrieves, commitments, rejected callers, admin actions).</summary>
    public AuditLog Audit => _audit ?? throw NotOpen();

    public LocalNode Local { get; } = new(settings.NodeId, settings.Grpc.ClusterId);

    public ClusterIdentity Identity { get; } = new(settings.Grpc.ClusterId, settings.Grpc.ClusterSecret);

    /// <summary>Runs a start-up step that creates directories: a path the node cannot create or use is a configuration error, not a crash.</summary>
    private static T Unusable<T>(Func<T> step, string key, string path)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeConfigurationException([$"{key}: cannot use {path}: {e.Message}"]);
        }
    }

    /// <summary>
    /// Opens one of the fast directory's databases: one that cannot be opened (damaged, or the process out of file
    /// descriptors) stops the node with what to do, not an unhandled exception and an abort.
    /// </summary>
    private static T OpenDatabase<T>(Func<T> open, string what, string path)
    {
        try
        {
            return open();
        }
        catch (RocksDbSharp.RocksDbException e)
        {
            throw Unopenable(what, path, e);
        }
    }

    private static NodeConfigurationException Unopenable(string what, string path, RocksDbSharp.RocksDbException e)
    {
        // Sweep Z2: a database another process holds, or a full filesystem, was answered with "move it aside", advice that
        // would take a running node's live index away.
        var advice = e.Message.Contains("Too many open files", StringComparison.Ordinal)
            ? "raise the node's open-file limit (systemd LimitNOFILE; hardware/ sets 1048576)"
            : e.Message.Contains("lock file", StringComparison.OrdinalIgnoreCase)
            ? "another archive-node process has it open: give each node its own Node:FastDirectory (do not move it aside: it is in use)"
            : e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            ? "its filesystem is full: free space there and start again"
            : "if it is damaged, move it aside and start again (the node rebuilds the shard index from its data disks and restores the manifests their records carry; in a grid its peers refill the catalog) or restore it from a backup";
        return new NodeConfigurationException([$"Node:FastDirectory: the {what} at {path} cannot be opened: {e.Message}; {advice}"]);
    }

    /// <summary>Opens the node. Throws <see cref="CodecSelfTestException"/> or <see cref="NodeConfigurationException"/> when it must not run.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var kernels = CodecSelfTest.Run();
            _logger.SelfTestPassed(string.Join(", ", kernels));
        }
        catch (CodecSelfTestException e)
        {
            _logger.SelfTestFailed(e);
            throw;
        }

        if (!Unusable(() => Storage.Disks.DirectoryLock.TryTake(settings.Home, out _homeLock), "Node:Home", settings.Home))
        {
            // Sweep C2: a read-only home was reported as in use by another process.
            throw new NodeConfigurationException([Storage.Disks.DirectoryLock.IsHeldByAnother(settings.Home)
                ? $"node home {settings.Home} is in use by another archive-node process (locked: {Path.Combine(settings.Home, Storage.Disks.DirectoryLock.FileName)}); stop that one first"
                : $"node home {settings.Home} is not writable (its lock file {Storage.Disks.DirectoryLock.FileName} cannot be taken)"]);
        }

        _audit = Unusable(() => AuditLog.Open(settings.AuditDirectory, settings.NodeId, time, AuditFlushInterval, loggers.CreateLogger<AuditLog>()), "Node:FastDirectory", settings.FastDirectory);
        var storageNode = StorageNodeIds.Of(settings.NodeId);
        var disks = Unusable(() => DiskPreparation.Prepare(settings.DataDisks, storageNode, settings.FormatBlankDisks, Storage.Disks.MountTable.ReadCurrent(), time, _logger), "Node:DataDisks", string.Join(", ", settings.DataDisks));

        _index = new FaultWatchingIndex(OpenDatabase(() => RocksShardIndex.Open(settings.IndexDirectory), "shard index", settings.IndexDirectory), DatabaseFaults, settings.IndexDirectory);
        var storageOptions = new StorageOptions { Node = storageNode, DataDisks = settings.DataDisks, GroupCommit = settings.GroupCommit, LooksUnmounted = disks.LooksUnmounted.ToHashSet(StringComparer.Ordinal) };
        _storageMetrics = new StorageMetrics(meters);
        try
        {
            _store = await LocalShardStore.OpenAsync(storageOptions, _index, time, _storageMetrics, loggers.CreateLogger<LocalShardStore>()).ConfigureAwait(false);
        }
        catch (RocksDbSharp.RocksDbException e)
        {
            throw Unopenable("shard index", settings.IndexDirectory, e); // its recovery read a damaged entry
        }

        if (Store.GetHealth().Disks.Where(d => d.Refusal == Storage.Disks.DiskRefusalReason.InUse).Select(d => d.Root).ToArray() is { Length: > 0 } held)
        {
            // Sweep Z2: a second node given a running node's disks started, wrote a map naming them and took C-STOREs.
            throw new NodeConfigurationException([$"Node:DataDisks: {string.Join(", ", held)} in use by another archive-node process: each node needs data disks of its own (or stop that node first)"]);
        }

        _logger.StorageOpened(Store.GetHealth().HealthyDisks, settings.DataDisks.Count);
        foreach (var shared in Storage.Disks.SharedFilesystems.Find(settings.DataDisks))
        {
            _logger.DisksShareFilesystem(string.Join(", ", shared.Roots), shared.Device);
        }

        SecurityChecks.Warn(settings, _logger, time);

        cancellationToken.ThrowIfCancellationRequested();

        _gridDatabase = OpenDatabase(() => GridDatabase.Open(settings.GridDatabaseDirectory), "catalog database", settings.GridDatabaseDirectory);
        _catalog = new RocksCatalogIndex(_gridDatabase);
        if (_catalog.RefoldNames() is > 0 and var refolded)
        {
            _logger.CatalogNamesRefolded(refolded, Archive.Catalog.Matching.TextFolding.Version);
        }
        _manifests = new RocksManifestReplica(
            _gridDatabase,
            new ManifestCataloging(_catalog, CatalogingManifestReplica.EntryOf),
            manifest => ShardCarriedManifests.MayWriteUnsynced(manifest, settings.NodeId, time.GetUtcNow(), key => _index!.TryGetShard(key, out _)));
        _repairs = new RocksRepairQueue(_gridDatabase);
        _deferredCompression = new RocksDeferredCompressionQueue(_gridDatabase);

        var map = await LoadOrCreateMapAsync(disks.Labelled, cancellationToken).ConfigureAwait(false);
        _maps = new GridMapHolder(map);
        ExpectMapDisks(map);
        _maps.Changed += ExpectMapDisks;
        SayIdentityConflict(map);
        _maps.Changed += SayIdentityConflict;
        var recovery = await ManifestRecovery.RunAsync(
            _gridDatabase, Store, _manifests, settings.NodeId, partitionKey => ManifestDirectory.ReplicasOf(Maps.Current, partitionKey).Any(n => n.Id == settings.NodeId),
            time, _logger, cancellationToken).ConfigureAwait(false);
        await QueueMissingAtStartAsync(cancellationToken).ConfigureAwait(false);
        _mapFile = new GridMapFile(settings.GridMapPath, Maps, loggers.CreateLogger<GridMapFile>());
        _membership = new MembershipTable(settings.Membership, time, settings.NodeId);
        _reports = new PeerReports(time);
        _gossip = new MapGossip(Maps);
        _refills = new RefillRequests();
        if (recovery.DatabaseBehindDisks && Maps.Current.Nodes.Count > 1)
        {
            _refills.Ask(); // the manifests of objects with no shard here are on the other replicas only
        }

        _servedReplica = new FaultWatchingReplica(Replica, DatabaseFaults, settings.GridDatabaseDirectory);
        _peers = new GrpcPeerConnector(Local, Store, ServedReplica, Identity, settings.Grpc, Reports, time, loggers);
        _codecs = new CodecPool();
        _gridMetrics = new Grid.Diagnostics.GridMetrics(meters);
        _writer = new GridWriter(Maps, Peers, Membership, Repairs, Codecs, settings.Write, time, loggers.CreateLogger<GridWriter>(), DeferredCompression, GridMetrics);
        _reader = new GridReader(Maps, Peers, Membership, Repairs, Codecs, settings.Read, time, loggers.CreateLogger<GridReader>(), GridMetrics);
        _open = true;
        _logger.NodeOpened(settings.NodeId, map.ClusterId, map.Epoch, map.Nodes.Count, settings.GrpcUrl, settings.HttpUrl);
    }

    /// <summary>Marks the node not ready (load balancers and peers stop sending) before the host drains.</summary>
    public void BeginStopping()
    {
        _stopping = true;
        _logger.NodeStopping(settings.NodeId);
    }

    private async Task<GridMap> LoadOrCreateMapAsync(IReadOnlyList<DiskDescriptor> disks, CancellationToken cancellationToken)
    {
        GridMap map;
        if (File.Exists(settings.GridMapPath))
        {
            map = GridMapJson.Load(settings.GridMapPath);
        }
        else if (settings.JoinFrom is { } joinFrom)
        {
            map = await MapJoin.FetchAsync(joinFrom, settings, Identity, time, loggers, cancellationToken).ConfigureAwait(false);
            WriteMapAtStart(map);
            _logger.MapJoined(joinFrom, map.Epoch, map.Nodes.Count, settings.GridMapPath);
        }
        else if (settings.SingleNode.GenerateMap)
        {
            var self = new NodeDescriptor(settings.NodeId, settings.AdvertisedAddress, settings.Site, settings.Rack, disks);
            map = GridMapFactory.Create(settings.Grpc.ClusterId, [self], settings.SingleNode.DefaultClass, settings.SingleNode.SmallClass, settings.SingleNode.SmallThresholdBytes);
            WriteMapAtStart(map);
            _logger.MapGenerated(settings.GridMapPath, disks.Count);
        }
        else
        {
            throw new NodeConfigurationException([$"grid map file '{settings.GridMapPath}' does not exist and Node:SingleNode:GenerateMap is off"]);
        }

        if (map.ClusterId != settings.Grpc.ClusterId)
        {
            throw new NodeConfigurationException([$"the grid map is for cluster '{map.ClusterId}' but Node:ClusterId is '{settings.Grpc.ClusterId}'"]);
        }

        if (map.FindNode(settings.NodeId) is not { } me)
        {
            throw new NodeConfigurationException([$"the grid map has no node '{settings.NodeId}'"]);
        }

        if (settings.SingleNode.GenerateMap && map.Nodes.Count == 1 && disks.Where(d => me.Disks.All(m => m.Id != d.Id)).ToArray() is { Length: > 0 } added)
        {
            // A node that generates its own map keeps it over its own disks: a disk formatted since (a replacement in a
            // wiped or swapped directory, or one more directory configured) joins it, so new shards and the repair of a
            // lost disk's shards can go there. A disk no directory carries stays: health reports it lost and placement
            // goes around it.
            me = me with { Disks = [.. me.Disks, .. added.Select(d => new GridDisk(d.Id, d.Weight, DiskState.Active))] };
            map = GridMapJson.Parse(GridMapJson.Serialize(map with { Epoch = map.Epoch + 1, Nodes = [me] }));
            WriteMapAtStart(map);
            _logger.MapDisksAdded(map.Epoch, added.Length, string.Join(", ", added.Select(d => d.Root)));
        }

        var open = Store.Disks.Select(d => d.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var disk in me.Disks.Where(d => !open.Contains(d.Id)))
        {
            _logger.MapDiskNotOpen(disk.Id);
        }

        return map;
    }

    /// <summary>
    /// Shards whose records went while the node was down (a segment deleted or cut) go to repair now, with the node,
    /// not when a read or the disk's next scrub pass (weeks away) meets them: until then the object is short of a
    /// shard and status would say full redundancy.
    /// </summary>
    private async Task QueueMissingAtStartAsync(CancellationToken cancellationToken)
    {
        var reporter = new Grid.Scrub.BadShardReporter(Store, Repairs, loggers.CreateLogger<Grid.Scrub.BadShardReporter>());
        foreach (var key in Store.MissingAtStart)
        {
            await reporter.ReportAsync(key, ShardStatus.Missing, cancellationToken, Grid.Repair.RepairReason.MissingOnCheck).ConfigureAwait(false);
        }
    }

    /// <summary>The store reports the disks the map names for this node that no data directory carries, as failed.</summary>
    /// <summary>
    /// The address the map gives this node's id when it is not the one this node advertises, on a map with peers; null
    /// otherwise. Peers reach that address for this id, not this process: another process runs as this node there (this
    /// one is an impostor, sweep N: it started, reported ready and took stores while nothing said so), or this node moved
    /// and the map was not changed. `/readyz` answers not ready meanwhile (<see cref="MapIdentityConflict"/>).
    /// </summary>
    public string? MapAddressConflict() => MapAddressConflict(Maps.Current);

    /// <summary>
    /// Why the map does not describe this process as the node it names (not ready meanwhile), or null: the map gives its id
    /// another address (<see cref="MapAddressConflict()"/>), or names disks for it of which none is here (an impostor
    /// that kept the real node's advertised address, sweep W2; or every disk of it replaced and not yet in the map).
    /// </summary>
    public string? MapIdentityConflict() => MapIdentityConflict(Maps.Current);

    private string? MapIdentityConflict(GridMap map) =>
        MapAddressConflict(map) is { } address ? $"the map names {settings.NodeId} at {address}"
        : HoldsNoneOfItsMapDisks(map) ? $"the map names disks for {settings.NodeId} of which none is here"
        : null;

    private string? MapAddressConflict(GridMap map) =>
        map.Nodes.Count > 1 && map.FindNode(settings.NodeId) is { } self && !SameAddress(self.Address, settings.AdvertisedAddress) ? self.Address : null;

    private bool HoldsNoneOfItsMapDisks(GridMap map) =>
        map.FindNode(settings.NodeId) is { } self
        && self.Disks.Where(d => d.State != Grid.Map.DiskState.Failed).ToArray() is { Length: > 0 } named
        && !named.Any(d => Store.Disks.Any(open => open.Id.ToString() == d.Id));

    private static bool SameAddress(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
            ? Uri.Compare(x, y, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0
            : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private void SayIdentityConflict(GridMap map)
    {
        if (MapAddressConflict(map) is { } mapAddress)
        {
            _logger.MapNamesThisNodeElsewhere(settings.NodeId, mapAddress, settings.AdvertisedAddress, map.Epoch);
        }
        else if (HoldsNoneOfItsMapDisks(map))
        {
            _logger.MapDisksNoneHere(settings.NodeId, map.Epoch);
        }
    }

    /// <summary>
    /// Keeps the map this start made or fetched; a map file that cannot be written (a directory, a read-only filesystem,
    /// no permission) is a configuration error, exit 2, not a crash that a service manager restarts for ever (sweep Z2).
    /// </summary>
    private void WriteMapAtStart(GridMap map)
    {
        try
        {
            GridMapFile.Write(settings.GridMapPath, map);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !Storage.Io.IoErrors.IsDiskFull(e))
        {
            throw new NodeConfigurationException([$"Node:GridMap: cannot write the grid map file '{settings.GridMapPath}': {e.Message}"]);
        }
    }

    private void ExpectMapDisks(GridMap map) =>
        _store!.ExpectDisks((map.FindNode(settings.NodeId)?.Disks ?? []).Where(d => d.State != Grid.Map.DiskState.Failed)
            .Select(d => Guid.TryParseExact(d.Id, "N", out var id) ? new Storage.Primitives.DiskId(id) : (Storage.Primitives.DiskId?)null).OfType<Storage.Primitives.DiskId>());

    /// <summary>
    /// Below this, the fast directory's databases may fail to write (RocksDB stops on a full disk and resumes only
    /// with 64 MiB free), and every store fails with them while the data disks look fine.
    /// </summary>
    public const long FastDirectoryLowBytes = 256L * 1024 * 1024;

    /// <summary>Free bytes on the fast directory's filesystem; -1 when it cannot be told.</summary>
    public long FastDirectoryFreeBytes()
    {
        try
        {
            return new DriveInfo(settings.FastDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    /// <inheritdoc />
    public string? WriteProblem => DatabaseFaults.Problem is { } fault
        ? $"{settings.NodeId}: {fault}"
        : FastDirectoryFreeBytes() is >= 0 and < FastDirectoryLowBytes and var free
            ? $"fast directory {settings.FastDirectory} on {settings.NodeId} has {free / (1024 * 1024)} MiB free (under {FastDirectoryLowBytes / (1024 * 1024)} MiB): its databases fail to write when it fills, and every store with them; free space there"
            : null;

    private static InvalidOperationException NotOpen() => new("the node runtime is not open yet");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _open = false;
        _peers?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        _index?.Dispose();
        if (_gridDatabase is not null)
        {
            try
            {
                // Every write is done: what was written unsynced needs no replay after this stop.
                _gridDatabase.WriteCheckpoint(new ManifestCheckpoint(time.GetUtcNow(), Clean: true));
            }
            catch (RocksDbSharp.RocksDbException e)
            {
                _logger.ManifestCheckpointFailed(e); // not marked clean: the next start replays
            }

            _gridDatabase.Dispose();
        }

        _codecs?.Dispose();
        if (_audit is not null)
        {
            await _audit.DisposeAsync().ConfigureAwait(false); // last: the endpoints have drained
        }

        _homeLock?.Dispose();
        if (_store is not null)
        {
            _logger.NodeStopped(settings.NodeId);
        }
    }
}
