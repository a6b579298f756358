using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Archive.Storage.Tests.Support;

/// <summary>Sums every long counter published by meters of one factory.</summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public CounterRecorder(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        _listener.Start();
    }

    public long this[string name] => _totals.GetValueOrDefault(name);

    public void Dispose() => _listener.Dispose();
}
