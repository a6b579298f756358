namespace Archive.Storage.Compaction;

/// <summary>Result of compacting one segment.</summary>
public readonly record struct CompactionResult(CompactionStatus Status, int Copied = 0, long ReclaimedBytes = 0);
