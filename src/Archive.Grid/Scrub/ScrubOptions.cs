namespace Archive.Grid.Scrub;

/// <summary>Scrub pacing, per data disk. Validated at start-up; immutable.</summary>
public sealed record ScrubOptions
{
    /// <summary>Segment bytes read per second on each disk, at full rate.</summary>
    public long BytesPerSecondPerDisk { get; init; } = 32L * 1024 * 1024;

    /// <summary>A full pass of a disk starts this long after its previous one started (or at once when that took longer).</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Bytes read between two saves of a disk's position.</summary>
    public long CheckpointBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Above this many bytes per second written by ingest, the scrub runs at <see cref="SlowedRateFactor"/>.</summary>
    public long SlowAboveIngestBytesPerSecond { get; init; } = 16L * 1024 * 1024;

    /// <summary>Above this many bytes per second written by ingest, the scrub pauses.</summary>
    public long PauseAboveIngestBytesPerSecond { get; init; } = 128L * 1024 * 1024;

    /// <summary>Share of the full rate used while ingest is busy.</summary>
    public double SlowedRateFactor { get; init; } = 0.25;

    public void Validate()
    {
        if (BytesPerSecondPerDisk < 1 || Period <= TimeSpan.Zero || CheckpointBytes < 1
            || SlowAboveIngestBytesPerSecond < 0 || PauseAboveIngestBytesPerSecond < SlowAboveIngestBytesPerSecond
            || SlowedRateFactor is <= 0 or > 1)
        {
            throw new ArgumentException("scrub options need BytesPerSecondPerDisk >= 1, Period > 0, CheckpointBytes >= 1, "
                + "0 <= SlowAboveIngestBytesPerSecond <= PauseAboveIngestBytesPerSecond and 0 < SlowedRateFactor <= 1");
        }
    }
}
