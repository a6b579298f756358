using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Archive.Testing.Diagnostics;

/// <summary>
/// Sums every measurement of the meters one factory created, keyed by instrument name followed by "|" and each tag
/// value in order (e.g. <c>archive.codec.bytes|encode|write</c>); integer instruments in <see cref="this[string]"/>,
/// floating ones in <see cref="Double"/>. Observable gauges count once per <see cref="RecordObservableInstruments"/>.
/// </summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _integers = new();
    private readonly ConcurrentDictionary<string, double> _doubles = new();

    public MeasurementRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _integers.AddOrUpdate(Key(instrument, tags), value, (_, sum) => sum + value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _integers.AddOrUpdate(Key(instrument, tags), value, (_, sum) => sum + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _doubles.AddOrUpdate(Key(instrument, tags), value, (_, sum) => sum + value));
        _listener.Start();
    }

    /// <summary>The sum of an integer instrument's measurements under <paramref name="key"/> (0 if none).</summary>
    public long this[string key] => _integers.GetValueOrDefault(key);

    /// <summary>The sum of a floating instrument's measurements under <paramref name="key"/> (0 if none).</summary>
    public double Double(string key) => _doubles.GetValueOrDefault(key);

    /// <summary>The sum of an integer instrument's measurements whatever their tags (0 if none).</summary>
    public long Total(string instrumentName) =>
        _integers.Where(m => m.Key == instrumentName || m.Key.StartsWith(instrumentName + "|", StringComparison.Ordinal)).Sum(m => m.Value);

    /// <summary>Whether anything was measured under <paramref name="key"/>.</summary>
    public bool Has(string key) => _integers.ContainsKey(key) || _doubles.ContainsKey(key);

    public void RecordObservableInstruments() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new StringBuilder(instrument.Name);
        foreach (var tag in tags)
        {
            key.Append('|').Append(tag.Value);
        }

        return key.ToString();
    }
}
