namespace Archive.Grid.Scrub;

/// <summary>Scrub pacing. Validated at start-up; immutable.</summary>
public sealed record ScrubOptions
{
    /// <summary>Shard bytes verified per second on this node.</summary>
    public long BytesPerSecond { get; init; } = 32L * 1024 * 1024;

    /// <summary>A full pass starts this long after the previous one started (or at once when it took longer).</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Shards verified between two saves of the progress cursor.</summary>
    public int CheckpointShards { get; init; } = 256;

    public void Validate()
    {
        if (BytesPerSecond < 1 || Period <= TimeSpan.Zero || CheckpointShards < 1)
        {
            throw new ArgumentException("scrub options need BytesPerSecond >= 1, Period > 0 and CheckpointShards >= 1");
        }
    }
}
