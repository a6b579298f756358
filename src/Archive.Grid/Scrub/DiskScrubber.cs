using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Storage.Store.Scanning;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Scrub;

/// <summary>
/// Scrubs one data disk: reads its segment files end to end in id order at
/// <see cref="ScrubOptions.BytesPerSecondPerDisk"/> (scaled by <see cref="IScrubLoad"/>, so ingest
/// comes first), verifying every record the index points at; saves its position after every
/// <see cref="ScrubOptions.CheckpointBytes"/> so a restart resumes mid-segment; records each
/// segment's result and each good shard's verification time; queues every bad shard for repair.
/// At the end of a pass, records lost with a deleted or truncated segment are reported too. One
/// per disk; <see cref="StepAsync"/> is called from one loop; the control members are thread-safe.
/// </summary>
public sealed partial class DiskScrubber
{
    private static readonly TimeSpan WhilePaused = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait for a pass due later: the schedule is read again at least this often, so a wall clock stepped
    /// forward or back (NTP, a VM resumed) moves it (sweep F: a wait of the whole period, timed on the monotonic clock,
    /// left a node 40 days ahead unscrubbed).
    /// </summary>
    internal static readonly TimeSpan ScheduleRecheck = TimeSpan.FromMinutes(1);

    private readonly ISegmentScanSource _source;
    private readonly IScrubLedger _ledger;
    private readonly BadShardReporter _reporter;
    private readonly ScrubOptions _options;
    private readonly IScrubLoad _load;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RepairMetrics? _metrics;
    private readonly RepairThrottle _throttle;
    private volatile bool _paused;
    private volatile bool _startRequested;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="metrics">Instruments to record into; null records nothing.</param>
    public DiskScrubber(DiskId disk, ISegmentScanSource source, IScrubLedger ledger, BadShardReporter reporter, ScrubOptions options, IScrubLoad load, TimeProvider time, ILogger logger, RepairMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Disk = disk;
        _source = source;
        _ledger = ledger;
        _reporter = reporter;
        _options = options;
        _load = load;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _throttle = new RepairThrottle(options.BytesPerSecondPerDisk, time);
    }

    public DiskId Disk { get; }

    /// <summary>True while an operator paused this scrubber (in memory: the host keeps a pause across restarts).</summary>
    public bool Paused => _paused;

    /// <summary>Totals since this scrubber started: records verified good and bad shards found.</summary>
    public (long Verified, long Bad) Totals => (Interlocked.Read(ref _verified), Interlocked.Read(ref _bad));

    private long _verified;
    private long _bad;

    public void Pause() => _paused = true;

    /// <summary>Resumes a paused scrubber; with <paramref name="now"/>, also starts a pass at once when none is under way.</summary>
    public void Start(bool now)
    {
        _startRequested |= now;
        _paused = false;
        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits <paramref name="wait"/> (what <see cref="StepAsync"/> returned), or less when an operator starts the scrub meanwhile.</summary>
    public async Task WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake).Task;
        await Task.WhenAny(Task.Delay(wait, _time, cancellationToken), wake).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>One step: reads the next chunk when a pass is due, and says how long to wait before the next step.</summary>
    public async Task<TimeSpan> StepAsync(CancellationToken cancellationToken = default)
    {
        if (_paused)
        {
            return WhilePaused;
        }

        var factor = _load.RateFactor;
        if (factor <= 0)
        {
            return WhilePaused;
        }

        var state = _ledger.LoadDisk(Disk);
        var now = _time.GetUtcNow();
        if (state.PassStartedAt is null)
        {
            // A last pass recorded as started ahead of this clock (it was stepped back since) times nothing: a pass is due
            // now, or the schedule would wait out the step as well (sweep W: a pass run 30 days ahead postponed the next).
            var due = state.LastPassStartedAt is { } last && last <= now + ScheduleRecheck && !_startRequested ? last + _options.Period : now;
            if (due > now)
            {
                return due - now < ScheduleRecheck ? due - now : ScheduleRecheck;
            }

            _startRequested = false;
            state = state with { PassStartedAt = now, SegmentId = 0, Offset = 0, PassBytes = 0, PassBad = 0, SegmentBad = 0, SegmentRecords = 0 };
            _ledger.SaveDisk(Disk, state);
        }

        var segment = _source.ListScanSegments(Disk).Where(id => id >= state.SegmentId).Cast<ulong?>().FirstOrDefault();
        if (segment is not { } id)
        {
            await CompletePassAsync(state, cancellationToken).ConfigureAwait(false);
            return TimeSpan.Zero;
        }

        if (id != state.SegmentId)
        {
            state = state with { SegmentId = id, Offset = 0, SegmentBad = 0, SegmentRecords = 0 };
        }

        var chunk = _source.ScanSegment(Disk, id, state.Offset, _options.CheckpointBytes);
        var bad = await RecordAsync(chunk.Findings, cancellationToken).ConfigureAwait(false);
        state = state with
        {
            PassBytes = state.PassBytes + chunk.BytesRead,
            PassBad = state.PassBad + bad,
            SegmentBad = state.SegmentBad + bad,
            SegmentRecords = state.SegmentRecords + chunk.Records,
        };
        if (chunk.NextOffset is { } next)
        {
            state = state with { Offset = next };
        }
        else
        {
            _ledger.RecordSegment(Disk, id, new SegmentScrubResult(id, _time.GetUtcNow(), state.SegmentRecords, state.SegmentBad));
            state = state with { SegmentId = id + 1, Offset = 0, SegmentBad = 0, SegmentRecords = 0 };
        }

        _ledger.SaveDisk(Disk, state);
        _metrics?.ScrubbedBytes.Add(chunk.BytesRead);
        return _throttle.Reserve((long)(chunk.BytesRead / Math.Min(1, factor)));
    }

    private async Task CompletePassAsync(DiskScrubState state, CancellationToken cancellationToken)
    {
        var bad = await RecordAsync(_source.FindLost(Disk), cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        _ledger.SaveDisk(Disk, state with
        {
            PassStartedAt = null,
            SegmentId = 0,
            Offset = 0,
            LastPassStartedAt = state.PassStartedAt,
            LastPassCompletedAt = now,
            PassBad = state.PassBad + bad,
            SegmentBad = 0,
            SegmentRecords = 0,
        });
        LogPassCompleted(Disk.ToString(), state.PassBytes, state.PassBad + bad, now - state.PassStartedAt!.Value);
    }

    private async Task<int> RecordAsync(IReadOnlyList<ScanFinding> findings, CancellationToken cancellationToken)
    {
        var good = new List<ShardKey>(findings.Count);
        var bad = 0;
        foreach (var finding in findings)
        {
            if (finding.Status == ShardStatus.Ok)
            {
                good.Add(finding.Key);
                continue;
            }

            bad++;
            _metrics?.ScrubFoundBadShard();
            await _reporter.ReportAsync(finding.Key, finding.Status, cancellationToken).ConfigureAwait(false);
        }

        if (good.Count > 0)
        {
            _ledger.RecordVerified(good, _time.GetUtcNow());
        }

        _metrics?.ScrubbedShards.Add(findings.Count);
        Interlocked.Add(ref _verified, good.Count);
        Interlocked.Add(ref _bad, bad);
        return bad;
    }

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Scrub pass of disk {Disk} completed: {Bytes} bytes read, {Bad} bad shards, in {Duration}")]
    private partial void LogPassCompleted(string disk, long bytes, long bad, TimeSpan duration);
}
