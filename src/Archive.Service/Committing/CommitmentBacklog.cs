namespace Archive.Service.Committing;

/// <summary>
/// What the commitment journal holds, for an operator: transactions pending (being checked or waiting for their
/// report), those whose report failed at least once (a requestor unreachable, or with no address configured), and
/// when the oldest of those was asked for. A report that never gets through is retried with back-off for as long as
/// the node runs: these say so where an alert can see it, not only in the log.
/// </summary>
public sealed record CommitmentBacklog(int Pending, int ReportsFailing, DateTimeOffset? OldestFailingReceivedAt)
{
    public static CommitmentBacklog Empty { get; } = new(0, 0, null);

    public static CommitmentBacklog Of(IReadOnlyCollection<CommitmentTransaction> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var failing = pending.Where(t => t.ReportAttempts > 0).ToArray();
        return new CommitmentBacklog(pending.Count, failing.Length, failing.Length > 0 ? failing.Min(t => t.ReceivedAt) : null);
    }
}
