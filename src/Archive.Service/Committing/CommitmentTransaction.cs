namespace Archive.Service.Committing;

/// <summary>
/// One storage commitment request waiting for its report: persisted as JSON by
/// <see cref="CommitmentJournal"/> so that a node restart between N-ACTION and N-EVENT-REPORT
/// loses nothing.
/// </summary>
/// <param name="CalledAeTitle">The title the requestor called us by (our AE), used as calling title for a late report.</param>
/// <param name="Format">
/// The journal file's format: 1 (a file without the field, from before it was written, is 1 too). A node meets a
/// higher one only after a downgrade, and leaves such a transaction alone rather than misread it.
/// </param>
public sealed record CommitmentTransaction(
    string TransactionUid,
    string CallingAeTitle,
    string CalledAeTitle,
    IReadOnlyList<CommitmentItem> Items,
    DateTimeOffset ReceivedAt,
    int ReportAttempts = 0,
    DateTimeOffset? NextReportAt = null,
    int Format = CommitmentTransaction.CurrentFormat)
{
    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentFormat = 1;
}

/// <summary>One referenced instance and, once decided, its outcome (null while still being made durable).</summary>
/// <param name="FailureReason">0 when committed; a PS3.4 Failure Reason (0x0110, 0x0112, 0x0119…) otherwise.</param>
public sealed record CommitmentItem(string SopClassUid, string SopInstanceUid, ushort? FailureReason = null);
