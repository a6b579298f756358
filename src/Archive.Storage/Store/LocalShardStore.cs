using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Recovery;
using Archive.Storage.Segments;
using Microsoft.Extensions.Logging;

namespace Archive.Storage.Store;

/// <summary>
/// One node's shard storage over its data disks: the <see cref="IShardStore"/> the grid calls.
/// <see cref="OpenAsync"/> probes the disk labels, recovers every disk (torn tails cut, missing index
/// entries re-indexed, dangling ones flagged) and starts one group-commit appender per healthy disk.
/// Thread-safe. Does not own the index: the caller disposes it after this store.
/// Split by operation into partial files (Put, Read, Delete, Verify).
/// </summary>
public sealed partial class LocalShardStore : IShardStore, IAsyncDisposable
{
    private readonly StorageOptions _options;
    private readonly IShardIndex _index;
    private readonly TimeProvider _time;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly object _indexGate = new();
    private readonly Dictionary<DiskId, DataDisk> _disks = [];
    private readonly Dictionary<DiskId, SegmentAppender> _appenders = [];
    private readonly List<DiskHealth> _refused = [];
    private readonly List<DataDisk> _diskOrder = [];
    private readonly LostDiskTally _lostDisks;
    private volatile DiskId[] _expected = [];
    private IReadOnlyDictionary<string, string> _sharedFilesystems = new Dictionary<string, string>();
    private readonly RecordSequence _sequence;

    private LocalShardStore(StorageOptions options, IShardIndex index, TimeProvider time, StorageMetrics metrics, ILogger logger)
    {
        _options = options;
        _index = index;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _sequence = new RecordSequence(time);
        _lostDisks = new LostDiskTally(index);
    }

    /// <summary>What start-up recovery did, per accepted disk.</summary>
    public IReadOnlyDictionary<DiskId, DiskRecoveryResult> Recovery { get; private set; } = new Dictionary<DiskId, DiskRecoveryResult>();

    /// <summary>Inventory entries flagged Missing at start.</summary>
    public int FlaggedMissing { get; private set; }

    /// <summary>
    /// The entries flagged Missing at start on disks that are here (their records gone while the node was down): the
    /// node queues them for repair at once, as a lost disk's pass reports its shards at once.
    /// </summary>
    public IReadOnlyList<ShardKey> MissingAtStart { get; private set; } = [];

    /// <summary>The accepted disks, in configuration order.</summary>
    public IReadOnlyList<DataDisk> Disks => _diskOrder;

    internal IShardIndex Index => _index;

    internal object IndexGate => _indexGate;

    internal StorageMetrics Metrics => _metrics;

    internal ILogger Logger => _logger;

    /// <summary>Opens the store: probe, recover, reconcile, start appenders.</summary>
    public static Task<LocalShardStore> OpenAsync(StorageOptions options, IShardIndex index, TimeProvider time, StorageMetrics metrics, ILogger<LocalShardStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        options.Validate();
        var store = new LocalShardStore(options, index, time, metrics, logger);
        // Recovery is blocking file I/O: keep it off the caller's context.
        return Task.Run(() =>
        {
            store.Start();
            return store;
        });
    }

    private void Start()
    {
        foreach (string root in _options.DataDisks)
        {
            var reason = DataDisk.TryOpen(root, _options.Node, out var disk, out var label);
            if (reason == DiskRefusalReason.None && _disks.ContainsKey(label!.DiskId))
            {
                reason = DiskRefusalReason.DuplicateDisk;
                disk!.Dispose();
            }

            if (reason is DiskRefusalReason.Missing or DiskRefusalReason.Unformatted && _options.LooksUnmounted.Contains(root))
            {
                reason = DiskRefusalReason.LooksUnmounted; // what the operator must hear is not "format it" (sweep W2)
            }

            if (reason != DiskRefusalReason.None)
            {
                _logger.DiskRefused(root, reason, DataDisk.Describe(root, reason));
                _refused.Add(new DiskHealth(root, label?.DiskId, DiskState.Refused, reason, null, -1));
                continue;
            }

            _disks.Add(disk!.Id, disk);
            _diskOrder.Add(disk);
        }

        var recovery = new Dictionary<DiskId, DiskRecoveryResult>();
        var applier = new IndexApplier(_index, _disks);
        foreach (var disk in _diskOrder)
        {
            try
            {
                var result = DiskRecovery.Recover(disk, _index, applier, _logger);
                SeedSequence(disk);
                recovery[disk.Id] = result;
                var writer = result.OpenSegmentLength == 0
                    ? SegmentWriter.Create(disk.SegmentPath(result.OpenSegmentId), new SegmentHeader(disk.Id, result.OpenSegmentId, _time.GetUtcNow()))
                    : SegmentWriter.Open(disk.SegmentPath(result.OpenSegmentId), result.OpenSegmentId, result.OpenSegmentLength);
                _appenders[disk.Id] = new SegmentAppender(disk, writer, _index, _indexGate, _options.GroupCommit, _time, _metrics, _logger, OnDiskFailed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                OnDiskFailed(disk, e.Message);
            }
        }

        _sequence.Observe(applier.HighestSequence);
        Recovery = recovery;
        (FlaggedMissing, MissingAtStart, var absent) = IndexReconciler.Reconcile(_index, _disks, _logger);

        // Disks the index still places shards on but no configured directory carries (wiped, unmounted, or their
        // directory formatted afresh): those shards are lost here, so the disks are scanned as empty and their shards
        // reported for repair. Once repair has placed them elsewhere, the disk is no longer listed.
        // A refused directory whose label was read carries its disk (read-only, in use): refused, not lost as well.
        _lostDisks.Add(absent.Where(a => !_refused.Any(r => r.Disk == a.Key)).ToDictionary());
        foreach (var lost in _lostDisks.Disks)
        {
            _logger.DiskLost(lost);
        }

        // Disk directories that share a filesystem share its free bytes: status counts them once.
        _sharedFilesystems = SharedFilesystems.Find(_diskOrder.Select(d => d.Root))
            .SelectMany(f => f.Roots.Select(root => (root, f.Device)))
            .ToDictionary(r => r.root, r => r.Device, StringComparer.Ordinal);

        // A disk already inside its reserve is full from the start, as the first refused write would find it: health,
        // status and placement say so before any write is refused.
        // That is below the reserve plus room for one segment, as a full disk must have to take shards again: the open
        // segment may still hold some room, but the next one could not be made (sweep R: after a restart on full disks
        // they read healthy until the first store was refused).
        foreach (var disk in _diskOrder.Where(d => d.IsHealthy && d.FreeBytes() < _options.GroupCommit.ResumeAtFreeBytes))
        {
            if (disk.MarkFull(_time))
            {
                _logger.DiskOutOfRoom(disk.Id, disk.Root, _options.GroupCommit.ResumeAtFreeBytes);
            }
        }

        _logger.RecoveryDone(recovery.Values.Sum(r => r.Reindexed), recovery.Values.Sum(r => r.TruncatedTails), FlaggedMissing);
    }

    /// <summary>
    /// Raises the record sequence above what the disk's newest segments hold (recovery only sees records
    /// past the index checkpoints). Compaction copies keep their old sequences, so older segments cannot
    /// hold a larger one than the last segment written with new records.
    /// </summary>
    private void SeedSequence(DataDisk disk)
    {
        foreach (ulong id in disk.ListSegments().TakeLast(2))
        {
            _sequence.Observe(SegmentScanner.HighestSequence(disk.SegmentPath(id)));
        }
    }

    /// <inheritdoc />
    public StoreHealth GetHealth()
    {
        var rows = new List<DiskHealth>(_refused);
        foreach (var disk in _diskOrder)
        {
            var state = disk.IsHealthy && IsFull(disk) ? DiskState.Full : disk.State;
            rows.Add(new DiskHealth(disk.Root, disk.Id, state, DiskRefusalReason.None, disk.FailureReason, disk.FreeBytes(), _sharedFilesystems.GetValueOrDefault(disk.Root)));
        }

        foreach (var lost in _lostDisks.Disks)
        {
            rows.Add(new DiskHealth($"(lost disk {lost}: no directory carries it)", lost, DiskState.Failed, DiskRefusalReason.None, LostDiskFailure, -1));
        }

        foreach (var missing in _expected.Where(e => !rows.Exists(r => r.Disk == e)))
        {
            rows.Add(new DiskHealth($"(disk {missing}: no directory carries it)", missing, DiskState.Failed, DiskRefusalReason.None, MissingDiskFailure, -1));
        }

        return new StoreHealth(_options.Node, rows);
    }

    /// <summary>
    /// The disks this store should carry (the grid map names them for this node): one that no configured directory
    /// carries is reported failed by <see cref="GetHealth"/>, so status, placement and the disk alerts see it.
    /// </summary>
    public void ExpectDisks(IEnumerable<DiskId> disks) => _expected = [.. disks];

    /// <summary>Why a disk expected here (<see cref="ExpectDisks"/>), and carried by no directory, is reported failed.</summary>
    public const string MissingDiskFailure = "the grid map names it for this node but no configured directory carries its label: a map or node id meant for another node, a disk not mounted, or one replaced (mark it failed in the map once its shards are repaired)";

    /// <inheritdoc />
    public ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_index.TryGetManifest(key, out var bytes) && ManifestCodec.TryDecode(bytes, out var manifest) ? manifest : null);

    /// <inheritdoc />
    public async IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in _index.EnumerateShards(objectId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ShardInfo(entry.Key, entry.Location.Disk, entry.Location.ShardLength, entry.Location.State);
        }
    }

    /// <summary>Why a disk the index knows, and no directory carries, is reported failed.</summary>
    public const string LostDiskFailure = "holds records in the index but no configured directory carries its label (wiped or unmounted); its shards are repaired elsewhere";

    /// <summary>An index entry on a lost disk went (deleted, or its shard put again on a disk here).</summary>
    private void ForgetLostEntry(DiskId disk)
    {
        if (_lostDisks.Forget(disk))
        {
            _logger.LostDiskCleared(disk);
        }
    }

    /// <summary>
    /// Raised once for each disk marked failed while the store runs (an I/O error, or its label gone: wiped or unmounted),
    /// on the thread that found it; a handler must return quickly.
    /// </summary>
    public event Action<DiskId>? DiskFailed;

    /// <summary>
    /// Checks that every healthy disk still carries its label, and marks failed one that does not: a disk wiped or unmounted
    /// under the running node is found without waiting for a write or a scrub pass to touch it. A stat and a small read each.
    /// </summary>
    public void CheckMounts()
    {
        foreach (var disk in _disks.Values.Where(d => d.IsHealthy && !d.StillMounted()))
        {
            OnDiskFailed(disk, "the disk label is gone (wiped or unmounted)");
        }
    }

    /// <summary>Marks a disk failed after an I/O error or a vanished mount; it takes no more writes.</summary>
    internal void OnDiskFailed(DataDisk disk, string reason)
    {
        if (disk.MarkFailed(reason))
        {
            _metrics.DiskFailures.Add(1);
            _logger.DiskFailed(disk.Id, disk.Root, reason);
            DiskFailed?.Invoke(disk.Id);
        }
    }

    internal bool TryGetDisk(DiskId id, out DataDisk disk) => _disks.TryGetValue(id, out disk!);

    internal SegmentAppender? Appender(DiskId id) => _appenders.GetValueOrDefault(id);

    /// <summary>True while <paramref name="disk"/> refuses new shards for want of room; logs the moment it has room again.</summary>
    private bool IsFull(DataDisk disk)
    {
        bool full = disk.StillFull(_options.GroupCommit.ResumeAtFreeBytes, _time, out bool resumed);
        if (resumed)
        {
            _logger.DiskHasRoomAgain(disk.Id, disk.Root);
        }

        return full;
    }

    /// <summary>Stops the appenders (pending writes complete or fail) and closes read handles.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var appender in _appenders.Values)
        {
            await appender.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var disk in _diskOrder)
        {
            disk.Dispose();
        }
    }
}
