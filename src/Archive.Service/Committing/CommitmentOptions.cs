namespace Archive.Service.Committing;

/// <summary>Storage commitment timing. Validated at start-up.</summary>
public sealed record CommitmentOptions
{
    /// <summary>Where pending transactions are journaled (the fast disk).</summary>
    public string JournalDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "archive-commitments");

    /// <summary>How often undecided instances are checked again.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An instance still not fully durable after this long is reported failed (0x0110).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>First delay before a failed report delivery is tried again; doubles up to <see cref="MaxReportBackoff"/>.</summary>
    public TimeSpan ReportBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxReportBackoff { get; init; } = TimeSpan.FromMinutes(10);

    public void Validate()
    {
        if (CheckInterval <= TimeSpan.Zero || GiveUpAfter <= CheckInterval || ReportBackoff <= TimeSpan.Zero || MaxReportBackoff < ReportBackoff)
        {
            throw new ArgumentException("commitment options: 0 < CheckInterval < GiveUpAfter and 0 < ReportBackoff ≤ MaxReportBackoff");
        }
    }
}
