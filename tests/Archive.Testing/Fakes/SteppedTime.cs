namespace Archive.Testing.Fakes;

/// <summary>A monotonic clock that moves only when the test advances it (one tick per 100 ns, as TimeSpan counts).</summary>
public sealed class SteppedTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
