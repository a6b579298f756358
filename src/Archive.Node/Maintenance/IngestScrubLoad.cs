using System.Diagnostics.Metrics;
using Archive.Grid.Scrub;
using Archive.Storage.Diagnostics;

namespace Archive.Node.Maintenance;

/// <summary>
/// The scrub's share of its rate, from the bytes the storage engine made durable lately (the
/// <c>archive.storage.put.bytes</c> counter, heard through a <see cref="MeterListener"/>): full
/// below <see cref="ScrubOptions.SlowAboveIngestBytesPerSecond"/>, <see cref="ScrubOptions.SlowedRateFactor"/>
/// up to <see cref="ScrubOptions.PauseAboveIngestBytesPerSecond"/>, paused above. The rate is sampled
/// at most once per second. Thread-safe; dispose to stop listening.
/// </summary>
public sealed class IngestScrubLoad : IScrubLoad, IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly ScrubOptions _options;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _bytes;
    private long _sampledBytes;
    private DateTimeOffset _sampledAt;
    private double _factor = 1;

    public IngestScrubLoad(ScrubOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _sampledAt = time.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "archive.storage.put.bytes")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _bytes, value));
        _listener.Start();
    }

    /// <summary>Ingest bytes per second over the last sampling window.</summary>
    public double IngestBytesPerSecond { get; private set; }

    public double RateFactor
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var elapsed = now - _sampledAt;
                if (elapsed >= Window)
                {
                    var bytes = Interlocked.Read(ref _bytes);
                    IngestBytesPerSecond = (bytes - _sampledBytes) / elapsed.TotalSeconds;
                    _sampledBytes = bytes;
                    _sampledAt = now;
                    _factor = IngestBytesPerSecond > _options.PauseAboveIngestBytesPerSecond ? 0
                        : IngestBytesPerSecond > _options.SlowAboveIngestBytesPerSecond ? _options.SlowedRateFactor
                        : 1;
                }

                return _factor;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
