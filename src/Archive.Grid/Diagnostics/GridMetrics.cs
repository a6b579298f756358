using System.Diagnostics.Metrics;

namespace Archive.Grid.Diagnostics;

/// <summary>
/// The instruments of grid reads, declared once (STYLE.md §11) on the injected
/// <see cref="IMeterFactory"/>, recorded once per object read (never per block); the host exports
/// them (e.g. <c>archive_grid_reads_total{status}</c>). Thread-safe.
/// </summary>
public sealed class GridMetrics
{
    public const string MeterName = "Archive.Grid";

    private readonly Counter<long> _reads;
    private readonly Counter<long> _readBytes;
    private readonly Counter<long> _degradedReads;
    private readonly Counter<long> _reconstructedParts;
    private readonly Histogram<double> _readDuration;

    public GridMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reads = meter.CreateCounter<long>("archive.grid.reads", "{object}", "Object reads from the grid, by status (ok, not_found, unrecoverable, fixity_mismatch).");
        _readBytes = meter.CreateCounter<long>("archive.grid.read.bytes", "By", "Object bytes read back and verified.");
        _degradedReads = meter.CreateCounter<long>("archive.grid.degraded.reads", "{object}", "Object reads that needed parity for at least one part.");
        _reconstructedParts = meter.CreateCounter<long>("archive.grid.reconstructed.parts", "{part}", "Parts rebuilt from parity while reading (a shard missing, slow or corrupt).");
        _readDuration = meter.CreateHistogram<double>("archive.grid.read.duration", "s", "Time to read, reconstruct and verify one object.");
    }

    internal void Read(string status, long bytes, int degradedParts, TimeSpan elapsed)
    {
        _reads.Add(1, new KeyValuePair<string, object?>("status", status));
        if (bytes > 0)
        {
            _readBytes.Add(bytes);
        }

        if (degradedParts > 0)
        {
            _degradedReads.Add(1);
            _reconstructedParts.Add(degradedParts);
        }

        _readDuration.Record(elapsed.TotalSeconds);
    }
}
