using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Index.Scrub;
using Archive.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Maintenance;

/// <summary>
/// This node's per-disk scrubbers (one <see cref="DiskScrubber"/> per accepted data disk, over the
/// store's segment files and the <see cref="RocksScrubLedger"/>) and the operator's controls over
/// them: pause, start (now), status. An operator's pause is kept in a <see cref="ScrubPauseFile"/>
/// under the fast directory, so a restarted node stays paused until started again. Built once the
/// runtime is open; thread-safe.
/// </summary>
public sealed partial class ScrubCoordinator : IDisposable
{
    /// <summary>Name of the <see cref="ScrubPauseFile"/> under the node's fast directory.</summary>
    public const string PauseFileName = "scrub-control";

    /// <summary>How often every healthy disk is checked for its label (<see cref="Storage.Store.LocalShardStore.CheckMounts"/>).</summary>
    public static readonly TimeSpan MountCheckInterval = TimeSpan.FromSeconds(10);

    private readonly IngestScrubLoad _load;
    private readonly Storage.Store.LocalShardStore _store;
    private readonly ILogger _logger;
    private readonly ITimer _mountCheck;
    private readonly ScrubProgressFile _summaryFile;
    private readonly ScrubPauseFile _pauseFile;
    private readonly Lock _summaryGate = new();
    private readonly Lock _controlGate = new();
    private ScrubProgress? _published;

    public ScrubCoordinator(NodeRuntime runtime, TimeProvider time, ILoggerFactory loggers, RepairMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggers);
        var options = runtime.Settings.Scrub;
        _load = new IngestScrubLoad(options, time);
        Ledger = new RocksScrubLedger(runtime.GridDatabase);
        _summaryFile = new ScrubProgressFile(Path.Combine(runtime.Settings.FastDirectory, "scrub-progress"));
        var reporter = new BadShardReporter(runtime.Store, runtime.Repairs, loggers.CreateLogger<BadShardReporter>());
        var logger = loggers.CreateLogger<DiskScrubber>();
        Disks = runtime.Store.ScanDisks
            .Select(disk => new DiskScrubber(disk, runtime.Store, Ledger, reporter, options, _load, time, logger, metrics))
            .ToArray();
        _pauseFile = new ScrubPauseFile(Path.Combine(runtime.Settings.FastDirectory, PauseFileName));
        var paused = _pauseFile.Load();
        if (paused is null)
        {
            // Scrubbing is the safe side: a pause nobody can read must not stop integrity checks for good.
            LogPauseFileUnreadable(loggers.CreateLogger<ScrubCoordinator>(), Path.Combine(runtime.Settings.FastDirectory, PauseFileName));
        }
        else if (paused.Value)
        {
            foreach (var disk in Disks)
            {
                disk.Pause();
            }
        }

        // A lost disk's pass reads nothing and reports every shard the index places on it: run it at once, not when
        // the schedule next comes round (Scrub:Period), so repair starts with the node. The same for a disk that fails
        // while the node runs (an I/O error, or wiped or unmounted: checked every MountCheckInterval).
        foreach (var disk in Disks.Where(d => runtime.Store.LostDisks.Contains(d.Disk)))
        {
            disk.Start(now: true);
        }

        _store = runtime.Store;
        _logger = loggers.CreateLogger<ScrubCoordinator>();
        _store.DiskFailed += OnDiskFailed;
        _mountCheck = time.CreateTimer(_ => CheckMounts(), null, MountCheckInterval, MountCheckInterval);
    }


    /// <summary>One scrubber per data disk, in configuration order.</summary>
    public IReadOnlyList<DiskScrubber> Disks { get; }

    public IScrubLedger Ledger { get; }

    /// <summary>Ingest bytes per second as last sampled (what slows or pauses the scrub).</summary>
    public double IngestBytesPerSecond => _load.IngestBytesPerSecond;

    /// <summary>Pauses every disk until <see cref="Start"/>, across restarts: returns once the pause is durable.</summary>
    public void Pause()
    {
        lock (_controlGate)
        {
            _pauseFile.Save(paused: true);
            foreach (var disk in Disks)
            {
                disk.Pause();
            }
        }
    }

    /// <summary>Resumes every disk (durably); with <paramref name="now"/>, starts a full pass at once where none is under way.</summary>
    public void Start(bool now)
    {
        lock (_controlGate)
        {
            _pauseFile.Save(paused: false);
            foreach (var disk in Disks)
            {
                disk.Start(now);
            }
        }
    }

    /// <summary>
    /// Writes the node-wide summary (<see cref="ScrubProgressFile"/> under the fast directory, read by
    /// the admin lookups) when it changed since the last write. Called from the scrub loops.
    /// </summary>
    public void PublishSummary()
    {
        var states = Disks.Select(d => Ledger.LoadDisk(d.Disk)).ToArray();
        var completed = states.All(s => s.LastPassCompletedAt is not null) && states.Length > 0
            ? states.MinBy(s => s.LastPassCompletedAt)
            : null;
        var summary = new ScrubProgress(
            states.Where(s => s.PassStartedAt is not null).Select(s => s.PassStartedAt).Min(),
            null,
            completed?.LastPassStartedAt,
            completed?.LastPassCompletedAt);
        lock (_summaryGate)
        {
            if (summary != _published)
            {
                _summaryFile.Save(summary);
                _published = summary;
            }
        }
    }

    public void Dispose()
    {
        _mountCheck.Dispose();
        _store.DiskFailed -= OnDiskFailed;
        _load.Dispose();
    }

    private void CheckMounts()
    {
        try
        {
            _store.CheckMounts();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // a disk that cannot even be probed is found by the next write or scrub step
        }
    }

    private void OnDiskFailed(Storage.Primitives.DiskId failed)
    {
        if (Disks.FirstOrDefault(d => d.Disk == failed) is { } disk)
        {
            LogFailedDiskScrubbed(failed.ToString());
            disk.Start(now: true);
        }
    }

    [LoggerMessage(EventId = 4025, Level = LogLevel.Warning, Message = "Data disk {DiskId} failed: its scrub pass starts now, so every shard it held is queued for repair")]
    private partial void LogFailedDiskScrubbed(string diskId);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Warning, Message = "Scrub pause file {Path} cannot be read; scrubbing as scheduled until an operator pauses again")]
    private static partial void LogPauseFileUnreadable(ILogger logger, string path);
}
