using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>What the index places on one data disk at the time it was measured.</summary>
/// <param name="Disk">The disk.</param>
/// <param name="Shards">Shard records the index points at on it (live or corrupt; missing entries occupy nothing).</param>
/// <param name="RecordBytes">Their whole record bytes (header, manifest, framed blocks, trailer): what compaction keeps.</param>
public readonly record struct DiskUsage(DiskId Disk, long Shards, long RecordBytes);
