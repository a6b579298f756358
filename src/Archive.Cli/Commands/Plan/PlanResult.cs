namespace Archive.Cli.Commands.Plan;

/// <summary>
/// The figures of a plan in base units (bytes, seconds, fractions), as <c>--json</c> prints them.
/// Fields are only ever added.
/// </summary>
public sealed record PlanResult
{
    public required string Profile { get; init; }

    public required int Nodes { get; init; }

    public required string StorageClass { get; init; }

    public required int Drives { get; init; }

    public required double RawBytes { get; init; }

    /// <summary>Raw × K/(K+M) × maximum fill: what objects may occupy.</summary>
    public required double UsableBytes { get; init; }

    public required double YearlyIngestBytes { get; init; }

    /// <summary>Ingest × retention: what is kept once the oldest exams expire as fast as new ones arrive.</summary>
    public required double RetainedBytes { get; init; }

    /// <summary>Usable / yearly ingest.</summary>
    public required double YearsUntilFull { get; init; }

    /// <summary>True when the retained volume fits in the usable capacity (the grid never fills).</summary>
    public required bool RetentionFits { get; init; }

    /// <summary>Share of raw capacity in use at the planning horizon (retention reached, or full).</summary>
    public required double RawFillAtHorizon { get; init; }

    public required double FailedDriveBytes { get; init; }

    public required double DriveRebuildSeconds { get; init; }

    public required double FailedNodeBytes { get; init; }

    public required double NodeRebuildSeconds { get; init; }

    /// <summary>Mean time to data loss from drive failures, in hours (see hardware/README.md).</summary>
    public required double MttdlHours { get; init; }

    public required double AnnualLossProbability { get; init; }

    /// <summary>1 - annual loss probability.</summary>
    public required double AnnualDurability { get; init; }

    /// <summary>-log10(annual loss probability): 11 nines means 1e-11.</summary>
    public required double DurabilityNines { get; init; }
}
