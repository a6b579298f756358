namespace Archive.Storage.Recovery;

/// <summary>What start-up recovery did on one disk.</summary>
/// <param name="OpenSegmentId">Segment that takes appends from now on.</param>
/// <param name="OpenSegmentLength">Its valid length (where the next append goes), or 0 to create it.</param>
/// <param name="Reindexed">Records found in segments beyond their checkpoint and applied to the index.</param>
/// <param name="TruncatedTails">Torn tails cut off the open segment (0 or 1).</param>
/// <param name="CorruptSealed">Segments with an invalid record that is not a torn tail: in a sealed segment, or damage with valid records after it (left for the scrubber).</param>
public readonly record struct DiskRecoveryResult(ulong OpenSegmentId, long OpenSegmentLength, int Reindexed, int TruncatedTails, int CorruptSealed);
