namespace Archive.Storage.Store;

/// <summary>
/// The node-wide sequence stamped on every record written (v1.1 header), so that of two records of
/// one shard key anywhere on the node the newer is known without relying on scan order. A hybrid
/// clock: each value is above the previous one and at least the wall clock in 100 ns ticks, and start-up
/// raises it above every sequence recovery found, so it keeps increasing across restarts even when
/// the clock stepped back. Thread-safe.
/// </summary>
internal sealed class RecordSequence
{
    private readonly TimeProvider _time;
    private long _last;

    public RecordSequence(TimeProvider time) => _time = time;

    /// <summary>The last value handed out or observed.</summary>
    public ulong Last => (ulong)Volatile.Read(ref _last);

    /// <summary>Raises the sequence to at least <paramref name="seen"/> (a sequence found on disk).</summary>
    public void Observe(ulong seen)
    {
        long value = (long)Math.Min(seen, long.MaxValue);
        long last;
        while ((last = Volatile.Read(ref _last)) < value && Interlocked.CompareExchange(ref _last, value, last) != last)
        {
        }
    }

    /// <summary>A value larger than every one handed out or observed before.</summary>
    public ulong Next()
    {
        while (true)
        {
            long last = Volatile.Read(ref _last);
            long next = Math.Max(last + 1, _time.GetUtcNow().UtcTicks);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }
}
