namespace Archive.Grid.Rebalancing;

/// <summary>Rebalancing pacing (DESIGN.md §6). Validated at start-up; immutable.</summary>
public sealed record RebalanceOptions
{
    /// <summary>Move shards and refill catalog replicas on this node when the map changes.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Shard bytes read plus written per second by this node's moves (repair has its own budget).</summary>
    public long BytesPerSecond { get; init; } = 32L * 1024 * 1024;

    /// <summary>Wait after a map change before the first pass, so a burst of changes (one node at a time) settles into one pass.</summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait between passes while the last one left moves undone (a node down, a target full).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait before the next pass after <paramref name="last"/>, the <paramref name="leftoverRetries"/>-th pass in a
    /// row that left only leftovers (0 when <paramref name="last"/> left more).
    /// </summary>
    public TimeSpan NextPassDelay(RebalancePass last, int leftoverRetries)
    {
        ArgumentNullException.ThrowIfNull(last);
        return last.OnlyLeftovers && leftoverRetries <= LeftoverRetries && LeftoverRetryDelay < RetryDelay ? LeftoverRetryDelay : RetryDelay;
    }

    /// <summary>
    /// Wait between passes while the last one left only <see cref="RebalancePass.Leftovers"/> (old copies whose delete
    /// the replicas could not decide yet), for at most <see cref="LeftoverRetries"/> passes in a row; then
    /// <see cref="RetryDelay"/> again (a replica that stays silent is not asked every few seconds).
    /// </summary>
    public TimeSpan LeftoverRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Passes in a row that may follow after <see cref="LeftoverRetryDelay"/>.</summary>
    public int LeftoverRetries { get; init; } = 5;

    /// <summary>How long an old shard copy is kept after the manifest names its new location (readers that looked it up just before).</summary>
    public TimeSpan DeleteGrace { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (BytesPerSecond < 1 || SettleDelay < TimeSpan.Zero || RetryDelay <= TimeSpan.Zero || LeftoverRetryDelay <= TimeSpan.Zero || LeftoverRetries < 0 || DeleteGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("rebalance options need BytesPerSecond >= 1, RetryDelay > 0, LeftoverRetryDelay > 0, and non-negative LeftoverRetries, SettleDelay and DeleteGrace");
        }
    }
}
