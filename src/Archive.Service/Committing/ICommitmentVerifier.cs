namespace Archive.Service.Committing;

/// <summary>Decides whether one instance may be reported committed. Thread-safe.</summary>
public interface ICommitmentVerifier
{
    Task<CommitmentCheck> CheckAsync(CommitmentItem item, string callingAeTitle, CancellationToken cancellationToken);
}

/// <summary>What a check found: committed, failed for good (with a PS3.4 reason), or not yet (try again later).</summary>
public readonly record struct CommitmentCheck(CommitmentCheckStatus Status, ushort FailureReason = 0, string Detail = "")
{
    public static CommitmentCheck Committed => new(CommitmentCheckStatus.Committed);

    public static CommitmentCheck NotYet(string detail) => new(CommitmentCheckStatus.NotYet, 0, detail);

    public static CommitmentCheck Failed(ushort reason, string detail) => new(CommitmentCheckStatus.Failed, reason, detail);
}

public enum CommitmentCheckStatus
{
    Committed = 1,
    NotYet = 2,
    Failed = 3,
}

