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

    /// <summary>
    /// Runs <paramref name="call"/> on <paramref name="nodeId"/> under this rule, telling membership how each attempt went.
    /// An exception <paramref name="isFailure"/> accepts counts as the node failing (any other propagates); one
    /// <paramref name="mayRetry"/> refuses (a deadline already spent, say) ends the attempts.
    /// </summary>
    /// <returns>The result, or the last failure when every attempt failed.</returns>
    public static async Task<(T? Result, Exception? Failure)> CallAsync<T>(
        MembershipTable membership, string nodeId, Func<Task<T>> call, Func<Exception, bool> isFailure, CancellationToken cancellationToken, Func<Exception, bool>? mayRetry = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(isFailure);
        for (var attempt = AttemptsFor(membership, nodeId); ; attempt--)
        {
            try
            {
                var result = await call().ConfigureAwait(false);
                membership.Heard(nodeId);
                return (result, null);
            }
            catch (Exception e) when (isFailure(e))
            {
                membership.Failed(nodeId);
                if (attempt == 1 || mayRetry?.Invoke(e) == false)
                {
                    return (null, e);
                }
            }

            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
        }
    }
}
