namespace Archive.Grid.Reading;

/// <summary>Read timing. Validated at start-up.</summary>
public sealed record GridReadOptions
{
    /// <summary>When a shard read has not answered after this long, a parity shard is read alongside it (hedging).</summary>
    public TimeSpan HedgeAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Deadline of one shard read.</summary>
    public TimeSpan ShardReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (HedgeAfter <= TimeSpan.Zero || ShardReadTimeout <= HedgeAfter)
        {
            throw new ArgumentException("grid read options need 0 < HedgeAfter < ShardReadTimeout");
        }
    }
}
