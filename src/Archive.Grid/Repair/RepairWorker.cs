using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Repair;

/// <summary>
/// Drains the durable <see cref="IRepairQueue"/>: takes items fewest-surviving-shards first,
/// repairs up to <see cref="RepairOptions.MaxConcurrency"/> at once within the byte budget,
/// completes an item only when it is repaired, and leaves every other item queued with an
/// exponential back-off. Items that cannot be rebuilt now (fewer than k shards answer) are
/// logged once, counted in <see cref="Unrecoverable"/> and kept, since a returning node may
/// still bring them back; items whose rebuilt shards found no disk to take them likewise, in
/// <see cref="WaitingForDisk"/>. One worker per node; its members are thread-safe.
/// </summary>
public sealed partial class RepairWorker
{
    private readonly IRepairQueue _queue;
    private readonly GridRepairer _repairer;
    private readonly RepairOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RepairWorker> _logger;
    private readonly RepairThrottle _throttle;
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset NotBefore)> _backoff = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RepairItem> _unrecoverable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _waitingForDisk = new(StringComparer.Ordinal);
    private readonly RepairMetrics? _metrics;
    private long _repaired;

    /// <param name="metrics">Instruments to record into; null records nothing.</param>
    public RepairWorker(IRepairQueue queue, GridRepairer repairer, RepairOptions options, TimeProvider time, ILogger<RepairWorker> logger, RepairMetrics? metrics = null)
    {
        options.Validate();
        _queue = queue;
        _repairer = repairer;
        _options = options;
        _time = time;
        _logger = logger;
        _throttle = new RepairThrottle(options.BytesPerSecond, time);
        _metrics = metrics;
        metrics?.Observe(queue, this);
    }

    /// <summary>Items repaired and completed since the worker started.</summary>
    public long Repaired => Interlocked.Read(ref _repaired);

    /// <summary>How many object parts could not be rebuilt at the last attempt of one of their queued items.</summary>
    public int Unrecoverable => _unrecoverable.Count;

    /// <summary>One queued item per object part that could not be rebuilt at its last attempt (still queued).</summary>
    public IReadOnlyList<RepairItem> UnrecoverableItems => _unrecoverable.Values.ToArray();

    /// <summary>
    /// Queued items whose last attempt rebuilt shards that no disk would take (<see cref="RepairStatus.NoTarget"/>): the
    /// grid has fewer usable disks than their class has shards, and they wait for one (sweep P: they retried unseen).
    /// </summary>
    public int WaitingForDisk => _waitingForDisk.Count;

    /// <summary>Raised after a repair placed shards on other disks than their manifest named (their own being gone).</summary>
    public event Action? MovedShards;

    /// <summary>Runs passes until cancelled, idling between passes that repaired nothing.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var pass = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (pass.Repaired == 0)
            {
                await Task.Delay(_options.IdleDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass over up to <see cref="RepairOptions.BatchSize"/> due items.</summary>
    public async Task<RepairPass> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var peeked = await _queue.PeekAsync(_options.BatchSize + _backoff.Count, cancellationToken).ConfigureAwait(false);
        var due = peeked.Where(i => !_backoff.TryGetValue(KeyOf(i), out var b) || b.NotBefore <= now).Take(_options.BatchSize).ToArray();
        var statuses = new ConcurrentBag<RepairStatus>();

        // Items of one object version run one after another: each commit rewrites the whole
        // manifest, so two parts repaired at once would lose one another's new placement.
        var groups = due.GroupBy(i => (i.PartitionKey, i.ObjectName, i.Sha256)).Select(g => g.ToArray()).ToArray();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            foreach (var item in group)
            {
                statuses.Add(await RepairOneAsync(item, ct).ConfigureAwait(false));
            }
        }).ConfigureAwait(false);
        return new RepairPass(
            due.Length,
            statuses.Count(s => s == RepairStatus.Repaired),
            statuses.Count(s => s is RepairStatus.Retry or RepairStatus.NoTarget),
            statuses.Count(s => s == RepairStatus.Unrecoverable));
    }

    private async Task<RepairStatus> RepairOneAsync(RepairItem item, CancellationToken cancellationToken)
    {
        var outcome = await _repairer.RepairAsync(item, cancellationToken).ConfigureAwait(false);
        if (_metrics is { } metrics)
        {
            metrics.Items.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status switch
            {
                RepairStatus.Repaired => "repaired",
                RepairStatus.Unrecoverable => "unrecoverable",
                RepairStatus.NothingToRepair => "nothing_to_repair",
                RepairStatus.NoTarget => "no_target",
                _ => "retry",
            }));
            metrics.Bytes.Add(outcome.Bytes);
            metrics.MovedShards.Add(outcome.Moved);
        }

        if (outcome.Moved > 0)
        {
            MovedShards?.Invoke();
        }

        await _throttle.ChargeAsync(outcome.Bytes, cancellationToken).ConfigureAwait(false);
        var key = KeyOf(item);
        switch (outcome.Status)
        {
            case RepairStatus.Repaired or RepairStatus.NothingToRepair:
                await _queue.CompleteAsync(item, cancellationToken).ConfigureAwait(false);
                _backoff.TryRemove(key, out _);
                _unrecoverable.TryRemove(PartKeyOf(item), out _);
                _waitingForDisk.TryRemove(key, out _);
                Interlocked.Increment(ref _repaired);
                break;
            case RepairStatus.Unrecoverable:
                _waitingForDisk.TryRemove(key, out _);
                if (_unrecoverable.TryAdd(PartKeyOf(item), item))
                {
                    LogUnrecoverable(item.ObjectName, item.PartIndex, item.Reason, outcome.Detail);
                }

                Backoff(key);
                break;
            case RepairStatus.NoTarget:
                if (_waitingForDisk.TryAdd(key, 0))
                {
                    LogNoTarget(item.ObjectName, item.PartIndex, outcome.Detail);
                }

                Backoff(key);
                break;
            default:
                _waitingForDisk.TryRemove(key, out _);
                LogRetry(item.ObjectName, item.PartIndex, outcome.Detail);
                Backoff(key);
                break;
        }

        return outcome.Status;
    }

    /// <summary>
    /// A peer came back: every item waiting out its back-off (up to <see cref="RepairOptions.MaxRetryBackoff"/>) is tried
    /// at the next pass, so parts that could not be rebuilt while it was down stop counting as unrecoverable soon after.
    /// </summary>
    public void RetrySoon() => _backoff.Clear();

    private void Backoff(string key)
    {
        var failures = _backoff.TryGetValue(key, out var b) ? b.Failures + 1 : 1;
        var wait = TimeSpan.FromTicks(Math.Min(_options.MaxRetryBackoff.Ticks, _options.RetryBackoff.Ticks * (1L << Math.Min(failures - 1, 30))));
        _backoff[key] = (failures, _time.GetUtcNow() + wait);
    }

    /// <summary>The object part an item is about: several items (reasons, shard lists) of one part count as one unrecoverable part.</summary>
    private static string PartKeyOf(RepairItem item) => $"{item.PartitionKey}\n{item.ObjectName}\n{item.Sha256}\n{item.PartIndex}";

    private static string KeyOf(RepairItem item) =>
        $"{item.PartitionKey}\n{item.ObjectName}\n{item.Sha256}\n{item.PartIndex}\n{item.Reason}\n{item.NodeId}\n{string.Join(',', item.ShardIndices)}";

    [LoggerMessage(EventId = 2211, Level = LogLevel.Error, Message = "Object {ObjectName} part {Part} ({Reason}) cannot be rebuilt now and stays queued: {Detail}")]
    private partial void LogUnrecoverable(string objectName, int part, RepairReason reason, string detail);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Warning, Message = "Repair of object {ObjectName} part {Part} waits for a disk: {Detail}. It stays queued; add or bring back nodes or disks")]
    private partial void LogNoTarget(string objectName, int part, string detail);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Debug, Message = "Repair of object {ObjectName} part {Part} will be retried: {Detail}")]
    private partial void LogRetry(string objectName, int part, string detail);
}

/// <summary>What one pass of the <see cref="RepairWorker"/> did.</summary>
public sealed record RepairPass(int Attempted, int Repaired, int Retried, int Unrecoverable);
