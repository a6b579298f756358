using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's one exporter (STYLE.md §11): listens to every instrument of the <c>Archive.*</c>
/// meters and mirrors it into a Prometheus registry with conventional names
/// (<see cref="PrometheusNames"/>) and types — counters stay counters, histograms get buckets in
/// their base unit, gauges are read at scrape time. Thread-safe; measurements never throw.
/// </summary>
public sealed class MeterExporter : IDisposable
{
    /// <summary>Prefix of the meters exported.</summary>
    public const string MeterPrefix = "Archive.";

    private static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.0005, 2, 18);
    private static readonly double[] BytesBuckets = Histogram.ExponentialBuckets(1024, 4, 12);
    private static readonly double[] CountBuckets = Histogram.ExponentialBuckets(1, 2, 16);

    private readonly MeterListener _listener = new();
    private readonly IMetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, Exported> _exported = new();
    private long _dropped;
    private long _collection;

    public MeterExporter(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        _factory = Metrics.WithCustomRegistry(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(CollectObservables);
    }

    /// <summary>The registry the node's /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Measurements dropped because an instrument was recorded with inconsistent tag names (a bug to fix, counted rather than thrown).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Asks every observable instrument for its measurements, then drops the series one no longer reported (a peer
    /// that left the map, a disk gone): an observation is the whole truth at that moment, so what it left out is not
    /// exported with the value it had before.
    /// </summary>
    private void CollectObservables()
    {
        var collection = Interlocked.Increment(ref _collection);
        _listener.RecordObservableInstruments();
        foreach (var exported in _exported.Values)
        {
            exported.Observed?.DropUnseen(collection);
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Tags arrive in any order; Prometheus label sets are matched by position.
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var labels = new string[sorted.Length];
        var values = new string[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            labels[i] = PrometheusNames.Label(sorted[i].Key);
            values[i] = sorted[i].Value?.ToString() ?? string.Empty;
        }

        try
        {
            var exported = _exported.GetOrAdd(instrument, static (i, state) => Create(i, state.labels, state.factory), (labels, factory: _factory));
            if (!exported.LabelNames.AsSpan().SequenceEqual(labels))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            exported.Record(values, value);
            exported.Observed?.Saw(values, Interlocked.Read(ref _collection));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private static Exported Create(Instrument instrument, string[] labels, IMetricFactory factory)
    {
        var help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>))
        {
            var counter = factory.CreateCounter(PrometheusNames.For(instrument.Name, instrument.Unit, isCounter: true), help, labels);
            return new Exported(labels, (v, x) => counter.WithLabels(v).Inc(x));
        }

        if (type == typeof(ObservableCounter<>))
        {
            var counter = factory.CreateCounter(PrometheusNames.For(instrument.Name, instrument.Unit, isCounter: true), help, labels);
            return new Exported(labels, (v, x) => counter.WithLabels(v).IncTo(x), new ObservedSeries(counter.Unpublish, counter.RemoveLabelled));
        }

        if (type == typeof(Histogram<>))
        {
            var buckets = PrometheusNames.UnitSuffix(instrument.Unit) switch
            {
                "seconds" => SecondsBuckets,
                "bytes" => BytesBuckets,
                _ => CountBuckets,
            };
            var histogram = factory.CreateHistogram(PrometheusNames.For(instrument.Name, instrument.Unit, isCounter: false), help, labels, new HistogramConfiguration { Buckets = buckets });
            return new Exported(labels, (v, x) => histogram.WithLabels(v).Observe(x));
        }

        var gauge = factory.CreateGauge(PrometheusNames.For(instrument.Name, instrument.Unit, isCounter: false), help, labels);
        return type == typeof(UpDownCounter<>)
            ? new Exported(labels, (v, x) => gauge.WithLabels(v).Inc(x))
            : new Exported(labels, (v, x) => gauge.WithLabels(v).Set(x), instrument.IsObservable ? new ObservedSeries(gauge.Unpublish, gauge.RemoveLabelled) : null);
    }

    /// <param name="Observed">For an observable instrument: the series it reported, by collection.</param>
    private sealed record Exported(string[] LabelNames, Action<string[], double> Record, ObservedSeries? Observed = null);

    /// <summary>The label sets an observable instrument reported, with the collection that last saw each.</summary>
    /// <param name="unpublish">Hides the series of an instrument without labels (until it is reported again).</param>
    /// <param name="removeLabelled">Drops the series with these label values.</param>
    private sealed class ObservedSeries(Action unpublish, Action<string[]> removeLabelled)
    {
        private readonly ConcurrentDictionary<string, (string[] Values, long Collection)> _seen = new(StringComparer.Ordinal);

        public void Saw(string[] values, long collection) => _seen[string.Join('\u001f', values)] = (values, collection);

        public void DropUnseen(long collection)
        {
            foreach (var (key, seen) in _seen)
            {
                if (seen.Collection != collection && _seen.TryRemove(key, out _))
                {
                    if (seen.Values.Length == 0)
                    {
                        unpublish();
                    }
                    else
                    {
                        removeLabelled(seen.Values);
                    }
                }
            }
        }
    }
}
