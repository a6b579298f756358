using Archive.Storage.Records;

namespace Archive.Storage.Store;

/// <summary>Result of verifying one shard record end to end.</summary>
/// <param name="Status">Ok, NotFound, Corrupt, Missing or Unavailable.</param>
/// <param name="Record">Detailed record status when the record was read.</param>
/// <param name="BadBlock">First block that failed, or -1.</param>
/// <param name="Disk">The disk (its label id) holding the record, when the node found one; null from a node that does not say.</param>
public readonly record struct VerifyOutcome(ShardStatus Status, RecordStatus Record = RecordStatus.Valid, int BadBlock = -1, string? Disk = null);
