namespace Archive.Node.Diagnostics;

/// <summary>
/// A filter for a log category that a remote peer can make speak without end: at most <c>perMinute</c> checks pass per
/// minute, the rest are dropped (sweep X2: clients that never read their gRPC responses made Kestrel log ~700 critical
/// lines a second). The logging pipeline asks once before a message and once as it writes it, so a message takes up to
/// two. Thread-safe.
/// </summary>
public sealed class LogBurstLimit(int perMinute, TimeProvider time)
{
    private readonly object _gate = new();
    private long _windowStart = long.MinValue;
    private int _passed;

    public bool Allow()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_windowStart == long.MinValue || time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromMinutes(1))
            {
                (_windowStart, _passed) = (now, 0);
            }

            return ++_passed <= perMinute;
        }
    }
}
