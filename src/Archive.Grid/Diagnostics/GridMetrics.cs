using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Archive.Grid.Diagnostics;

/// <summary>
/// The instruments of grid writes and reads, declared once (STYLE.md §11) on the injected
/// <see cref="IMeterFactory"/>, recorded once per object (never per block); the host exports
/// them (e.g. <c>archive_grid_reads_total{status}</c>). One instance per node, shared by the
/// writer and the reader. Codec work (Reed–Solomon encode and reconstruct) is measured here, where
/// the grid calls the codec, so that Archive.Codec stays pure. Thread-safe.
/// </summary>
public sealed class GridMetrics
{
    public const string MeterName = "Archive.Grid";

    /// <summary>The <c>op</c> label of an encode (parity computed from the data shards).</summary>
    internal const string CodecEncode = "encode";

    /// <summary>The <c>op</c> label of a reconstruction (missing shards rebuilt from any k).</summary>
    internal const string CodecReconstruct = "reconstruct";

    private readonly Counter<long> _reads;
    private readonly Counter<long> _readBytes;
    private readonly Counter<long> _degradedReads;
    private readonly Counter<long> _reconstructedParts;
    private readonly Histogram<double> _readDuration;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _writeBytes;
    private readonly Histogram<double> _writeDuration;
    private readonly Counter<long> _codecBytes;
    private readonly Counter<double> _codecSeconds;

    public GridMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _reads = meter.CreateCounter<long>("archive.grid.reads", "{object}", "Object reads from the grid, by status (ok, not_found, unrecoverable, fixity_mismatch).");
        _readBytes = meter.CreateCounter<long>("archive.grid.read.bytes", "By", "Object bytes read back and verified.");
        _degradedReads = meter.CreateCounter<long>("archive.grid.degraded.reads", "{object}", "Object reads that needed parity for at least one part.");
        _reconstructedParts = meter.CreateCounter<long>("archive.grid.reconstructed.parts", "{part}", "Parts rebuilt from parity while reading (a shard missing, slow or corrupt).");
        _readDuration = meter.CreateHistogram<double>("archive.grid.read.duration", "s", "Time to read, reconstruct and verify one object.");
        _writes = meter.CreateCounter<long>("archive.grid.writes", "{object}", "Object writes to the grid, by status (stored, stored_new_version, duplicate, duplicate_of_older_version, refused_different_content, refused_by_existing_version, quorum_not_reached, out_of_space, content_changed, invalid).");
        _writeBytes = meter.CreateCounter<long>("archive.grid.write.bytes", "By", "Object bytes stored (before compression and coding); a duplicate stores none.");
        _writeDuration = meter.CreateHistogram<double>("archive.grid.write.duration", "s", "Time to hash, compress, code, put and commit one object (what a C-STORE waits for).");
        _codecBytes = meter.CreateCounter<long>("archive.codec.bytes", "By", "Shard bytes through the Reed-Solomon codec, by op (encode: data shards in; reconstruct: shards rebuilt) and path (write, read, repair).");
        _codecSeconds = meter.CreateCounter<double>("archive.codec.seconds", "s", "Time spent in the Reed-Solomon codec, by op and path; rate(bytes)/rate(seconds) is its throughput.");
    }

    internal void Write(string status, long bytes, TimeSpan elapsed)
    {
        _writes.Add(1, new KeyValuePair<string, object?>("status", status));
        if (bytes > 0)
        {
            _writeBytes.Add(bytes);
        }

        _writeDuration.Record(elapsed.TotalSeconds);
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

    /// <summary>
    /// Records one codec call: <paramref name="op"/> is <see cref="CodecEncode"/> or <see cref="CodecReconstruct"/>,
    /// <paramref name="path"/> the grid operation that asked for it (write, read, repair).
    /// </summary>
    internal void Codec(string op, string path, long bytes, TimeSpan elapsed)
    {
        var tags = new TagList { { "op", op }, { "path", path } };
        _codecBytes.Add(bytes, tags);
        _codecSeconds.Add(elapsed.TotalSeconds, tags);
    }
}
