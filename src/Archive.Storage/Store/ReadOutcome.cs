namespace Archive.Storage.Store;

/// <summary>Result of a range read.</summary>
/// <param name="Status">What happened.</param>
/// <param name="BytesRead">Bytes written to the destination (0 unless <see cref="ShardStatus.Ok"/>).</param>
/// <param name="ShardLength">Total shard length when known.</param>
/// <param name="BadBlock">First block that failed its checksum, or -1.</param>
public readonly record struct ReadOutcome(ShardStatus Status, int BytesRead = 0, long ShardLength = 0, int BadBlock = -1);
