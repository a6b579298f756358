namespace Archive.Grid.Reading;

/// <summary>Read timing. Validated at start-up.</summary>
public sealed record GridReadOptions
{
    /// <summary>When a shard read has not answered after this long, a parity shard is read alongside it (hedging).</summary>
    public TimeSpan HedgeAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Deadline of one shard read.</summary>
    public TimeSpan ShardReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause before the one retry of a shard read that could not reach a node not known to be down.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(100);

    public void Validate()
    {
        if (HedgeAfter <= TimeSpan.Zero || ShardReadTimeout <= HedgeAfter)
        {
            throw new ArgumentException("grid read options need 0 < HedgeAfter < ShardReadTimeout");
        }

        if (RetryAfter < TimeSpan.Zero || RetryAfter >= ShardReadTimeout)
        {
            throw new ArgumentException("grid read options need 0 <= RetryAfter < ShardReadTimeout");
        }
    }
}
