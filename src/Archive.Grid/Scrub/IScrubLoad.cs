namespace Archive.Grid.Scrub;

/// <summary>
/// How much of its configured rate the scrubber may use now, so that it yields to ingest: 1 is
/// the full rate, 0 pauses it. The host derives it from the node's write traffic. Thread-safe.
/// </summary>
public interface IScrubLoad
{
    double RateFactor { get; }
}

/// <summary>No ingest signal: always the full rate.</summary>
public sealed class FullRateScrubLoad : IScrubLoad
{
    public static FullRateScrubLoad Instance { get; } = new();

    public double RateFactor => 1;
}
