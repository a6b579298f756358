using Archive.Storage.Store;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The per-disk shard counts and bytes the gauges publish, measured from the index at most once per
/// <see cref="MaxAge"/> and off the scrape: a scrape answers with the last measurement and, when it is
/// older than <see cref="MaxAge"/>, starts one new measurement in the background (never two at once).
/// Nothing is published until the first measurement ends. Thread-safe.
/// </summary>
public sealed class DiskUsageCache(Func<IReadOnlyList<DiskUsage>> measure, TimeProvider time, TimeSpan maxAge)
{
    /// <summary>The default age after which a scrape asks for a new measurement.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(5);

    private IReadOnlyList<DiskUsage> _last = [];
    private long _measuredAt = long.MinValue;
    private int _measuring;

    public TimeSpan MaxAge => maxAge;

    /// <summary>
    /// The last measurement as of the call (empty before the first one ends); refreshes it in the background when
    /// stale, for the next call.
    /// </summary>
    public IReadOnlyList<DiskUsage> Current()
    {
        // Read before a refresh can start: a fast background measure must not decide what this call answers.
        var last = Volatile.Read(ref _last);
        var measuredAt = Interlocked.Read(ref _measuredAt);
        var stale = measuredAt == long.MinValue || time.GetElapsedTime(measuredAt) >= maxAge;
        if (stale && Interlocked.CompareExchange(ref _measuring, 1, 0) == 0)
        {
            _ = Task.Run(Measure);
        }

        return last;
    }

    /// <summary>Measures now on the calling thread (tests, and the first scrape's background task).</summary>
    public void Measure()
    {
        try
        {
            Volatile.Write(ref _last, measure());
            Interlocked.Exchange(ref _measuredAt, time.GetTimestamp());
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or ObjectDisposedException or IOException)
        {
            // The host is stopping, the store closed or the index is unreadable: keep the last figures, try again at the next scrape.
        }
        finally
        {
            Volatile.Write(ref _measuring, 0);
        }
    }
}
