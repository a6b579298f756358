namespace Archive.Grid.Membership;

/// <summary>Heartbeat timing. Validated by <see cref="Validate"/> at start-up.</summary>
public sealed record MembershipOptions
{
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which a node is suspect.</summary>
    public TimeSpan SuspectAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Silence after which a node is down.</summary>
    public TimeSpan DownAfter { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero || SuspectAfter <= HeartbeatInterval || DownAfter <= SuspectAfter)
        {
            throw new ArgumentException("membership timing needs 0 < HeartbeatInterval < SuspectAfter < DownAfter");
        }
    }
}
