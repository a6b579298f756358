namespace Archive.Grid.Repair;

/// <summary>
/// Paces repair traffic to a byte rate: each charge pushes the next allowed moment forward by
/// bytes / rate, and a caller waits until its charge is due. Thread-safe.
/// </summary>
public sealed class RepairThrottle(long bytesPerSecond, TimeProvider time)
{
    private readonly long _bytesPerSecond = bytesPerSecond > 0 ? bytesPerSecond : throw new ArgumentOutOfRangeException(nameof(bytesPerSecond));
    private readonly Lock _lock = new();
    private long _dueTicks = time.GetUtcNow().UtcTicks;

    /// <summary>Charges <paramref name="bytes"/> and waits until the budget allows them.</summary>
    public Task ChargeAsync(long bytes, CancellationToken cancellationToken)
    {
        var wait = Reserve(bytes);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Charges <paramref name="bytes"/> and returns how long from now until they are within the budget.</summary>
    public TimeSpan Reserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock)
        {
            var now = time.GetUtcNow().UtcTicks;
            _dueTicks = Math.Max(_dueTicks, now) + (long)(bytes * (double)TimeSpan.TicksPerSecond / _bytesPerSecond);
            return TimeSpan.FromTicks(_dueTicks - now);
        }
    }
}
