using System.Diagnostics.Metrics;

namespace Archive.Grid.Repair;

/// <summary>
/// The instruments of repair, scrub and rebalancing, declared once (STYLE.md §11) on the injected
/// <see cref="IMeterFactory"/>; the host exports them (e.g. <c>archive_repair_items_total</c>,
/// <c>archive_repair_queue_items</c>). Thread-safe.
/// </summary>
public sealed class RepairMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Archive.Grid.Repair";

    private readonly Meter _meter;
    private long _scrubBadShards;

    public RepairMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        Items = _meter.CreateCounter<long>("archive.repair.items", "{item}", "Repair attempts, tagged by outcome (repaired, retry, unrecoverable).");
        Bytes = _meter.CreateCounter<long>("archive.repair.bytes", "By", "Shard bytes read and written by repair.");
        MovedShards = _meter.CreateCounter<long>("archive.repair.moved.shards", "{shard}", "Shards placed on a new disk because their location was gone.");
        ScrubbedShards = _meter.CreateCounter<long>("archive.scrub.shards", "{shard}", "Shards verified by the scrubber.");
        ScrubbedBytes = _meter.CreateCounter<long>("archive.scrub.bytes", "By", "Shard bytes verified by the scrubber.");
        // Observed, so the series is there at 0 from the start: created at the first bad shard, it jumped from absent to
        // N, which increase() reads as no increase, and the alert on it never fired after a (re)start (sweep M).
        _meter.CreateObservableCounter("archive.scrub.bad.shards", () => Interlocked.Read(ref _scrubBadShards), "{shard}", "Shards the scrubber found corrupt or missing.");
        RebalancedShards = _meter.CreateCounter<long>("archive.rebalance.moved.shards", "{shard}", "Shards moved to their placement on a new map (copied, verified, committed, old copy removed).");
        RebalancedBytes = _meter.CreateCounter<long>("archive.rebalance.bytes", "By", "Shard bytes read and written by rebalancing.");
    }

    internal Counter<long> Items { get; }

    internal Counter<long> Bytes { get; }

    internal Counter<long> MovedShards { get; }

    internal Counter<long> ScrubbedShards { get; }

    internal Counter<long> ScrubbedBytes { get; }

    /// <summary>Counts a shard the scrubber found corrupt or missing.</summary>
    internal void ScrubFoundBadShard() => Interlocked.Increment(ref _scrubBadShards);

    internal Counter<long> RebalancedShards { get; }

    internal Counter<long> RebalancedBytes { get; }

    /// <summary>Publishes the queue depth and the unrecoverable count of <paramref name="worker"/> as gauges. Call once per worker.</summary>
    public void Observe(IRepairQueue queue, RepairWorker worker)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(worker);
        _meter.CreateObservableGauge("archive.repair.queue.items", () => queue.Count, "{item}", "Items waiting in the repair queue.");
        _meter.CreateObservableGauge("archive.repair.unrecoverable.items", () => worker.Unrecoverable, "{item}", "Object parts that could not be rebuilt at the last attempt of a queued item (one per part, however many items name it).");
        _meter.CreateObservableGauge("archive.repair.waiting_for_disk.items", () => worker.WaitingForDisk, "{item}", "Queued items whose rebuilt shards found no disk to take them at their last attempt (fewer usable disks than the class has shards).");
    }
}
