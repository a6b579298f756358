using Archive.Storage.Primitives;

namespace Archive.Storage.Store.Scanning;

/// <summary>What a scan saw of one indexed shard record.</summary>
/// <param name="Key">The shard.</param>
/// <param name="Status"><see cref="ShardStatus.Ok"/>, <see cref="ShardStatus.Corrupt"/> or <see cref="ShardStatus.Missing"/>.</param>
/// <param name="Bytes">Record bytes read to tell (0 when missing).</param>
public readonly record struct ScanFinding(ShardKey Key, ShardStatus Status, long Bytes);
