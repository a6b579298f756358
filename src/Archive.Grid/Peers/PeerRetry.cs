using Archive.Grid.Membership;

namespace Archive.Grid.Peers;

/// <summary>
/// The grid's one retry rule for calls to peers: a call to a node that was healthy gets a second attempt after
/// <see cref="Pause"/>, so one dropped connection does not count as a missing replica or shard (with m nodes down
/// there is no spare one); a node already failing or silent gets one attempt, so a dead node costs no more.
/// </summary>
public static class PeerRetry
{
    /// <summary>Pause before the second attempt.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>How many attempts a call to <paramref name="nodeId"/> gets now.</summary>
    public static int AttemptsFor(MembershipTable membership, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return membership.HealthOf(nodeId) == NodeHealth.Up ? 2 : 1;
    }
}
