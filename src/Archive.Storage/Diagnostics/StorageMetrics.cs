using System.Diagnostics.Metrics;

namespace Archive.Storage.Diagnostics;

/// <summary>
/// Every instrument of the storage engine, declared once (STYLE.md §11). Created from the injected
/// <see cref="IMeterFactory"/>; the host exports them (e.g. <c>archive_storage_fsyncs_total</c>).
/// Thread-safe.
/// </summary>
public sealed class StorageMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Archive.Storage";

    private readonly Meter _meter;

    /// <summary>Creates the instruments.</summary>
    public StorageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = _meter = meterFactory.Create(MeterName);
        Puts = meter.CreateCounter<long>("archive.storage.puts", "{shard}", "Shards made durable.");
        PutBytes = meter.CreateCounter<long>("archive.storage.put.bytes", "By", "Record bytes made durable.");
        Fsyncs = meter.CreateCounter<long>("archive.storage.fsyncs", "{fsync}", "Group-commit fsyncs of segment files.");
        BatchRecords = meter.CreateHistogram<int>("archive.storage.batch.records", "{record}", "Records per group commit.");
        CommitDuration = meter.CreateHistogram<double>("archive.storage.commit.duration", "s", "Write+fsync+index time of a group commit.");
        Reads = meter.CreateCounter<long>("archive.storage.reads", "{read}", "Shard range reads.");
        ReadBytes = meter.CreateCounter<long>("archive.storage.read.bytes", "By", "Payload bytes read.");
        CorruptBlocks = meter.CreateCounter<long>("archive.storage.corrupt.blocks", "{block}", "Blocks that failed their checksum.");
        DiskFailures = meter.CreateCounter<long>("archive.storage.disk.failures", "{disk}", "Disks marked failed.");
        DiskFull = meter.CreateCounter<long>("archive.storage.disk.full", "{batch}", "Batches refused for lack of space.");
        OperationDuration = meter.CreateHistogram<double>("archive.storage.operation.duration", "s", "Shard-store operation time, tagged by operation and status.");
        CacheHits = meter.CreateCounter<long>("archive.storage.cache.hits", "{object}", "Replica cache hits.");
        CacheMisses = meter.CreateCounter<long>("archive.storage.cache.misses", "{object}", "Replica cache misses (including entries dropped as corrupt).");
        CacheEvictions = meter.CreateCounter<long>("archive.storage.cache.evictions", "{object}", "Replica cache entries evicted to stay under the size bound.");
    }

    internal Counter<long> Puts { get; }

    internal Counter<long> PutBytes { get; }

    internal Counter<long> Fsyncs { get; }

    internal Histogram<int> BatchRecords { get; }

    internal Histogram<double> CommitDuration { get; }

    internal Counter<long> Reads { get; }

    internal Counter<long> ReadBytes { get; }

    internal Counter<long> CorruptBlocks { get; }

    internal Counter<long> DiskFailures { get; }

    internal Counter<long> DiskFull { get; }

    internal Histogram<double> OperationDuration { get; }

    internal Counter<long> CacheHits { get; }

    internal Counter<long> CacheMisses { get; }

    internal Counter<long> CacheEvictions { get; }

    /// <summary>The replica cache the gauges read (null until <see cref="ObserveCache"/>): what other reports of its size read too, so they agree.</summary>
    public Cache.ReplicaCache? ObservedCache { get; private set; }

    /// <summary>
    /// Publishes the size of <paramref name="cache"/> (bytes and entries) as gauges read at scrape time, and its hit, miss
    /// and eviction counters at zero, so a rate over them has a series from the start. Call once per cache.
    /// </summary>
    public void ObserveCache(Cache.ReplicaCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ObservedCache = cache;
        CacheHits.Add(0);
        CacheMisses.Add(0);
        CacheEvictions.Add(0);
        _meter.CreateObservableGauge("archive.storage.cache.size.bytes", () => cache.SizeBytes, "By", "Bytes held by the replica cache (its files).");
        _meter.CreateObservableGauge("archive.storage.cache.entries", () => cache.Count, "{object}", "Objects held by the replica cache.");
    }
}
