namespace Archive.Grid.Repair;

/// <summary>Repair pacing. Validated at start-up; immutable.</summary>
public sealed record RepairOptions
{
    /// <summary>Run the repair worker on this node (off only for tests that inspect the queue itself).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Items repaired at once.</summary>
    public int MaxConcurrency { get; init; } = 2;

    /// <summary>Shard bytes read plus written per second, summed over concurrent repairs.</summary>
    public long BytesPerSecond { get; init; } = 64L * 1024 * 1024;

    /// <summary>Items taken from the queue per pass (fewest surviving shards first).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Wait between passes when the last pass repaired nothing; at least <see cref="MinIdleDelay"/>.</summary>
    public TimeSpan IdleDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest idle wait: with none, an idle worker re-reads its queue without pause (sweep Z2: 78% of a core).</summary>
    public static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>First wait before an item that failed is tried again; doubles per failure.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts on one item.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a node must have been silent before repair rebuilds its shards on other disks.</summary>
    public TimeSpan ReplaceAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>An anti-entropy check of the partitions this node owns starts this long after the previous one ended.</summary>
    public TimeSpan AntiEntropyPeriod { get; init; } = TimeSpan.FromHours(24);

    public void Validate()
    {
        if (ReplaceAfter < TimeSpan.Zero || MaxConcurrency < 1 || BytesPerSecond < 1 || BatchSize < 1 || IdleDelay < MinIdleDelay || RetryBackoff < TimeSpan.Zero || MaxRetryBackoff < RetryBackoff || AntiEntropyPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("repair options need MaxConcurrency, BytesPerSecond, BatchSize >= 1, non-negative delays (ReplaceAfter too), IdleDelay >= 100 ms and MaxRetryBackoff >= RetryBackoff, AntiEntropyPeriod > 0");
        }
    }
}
