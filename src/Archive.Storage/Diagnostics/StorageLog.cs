using Microsoft.Extensions.Logging;

namespace Archive.Storage.Diagnostics;

/// <summary>Source-generated log messages of the storage engine, with stable event ids (5000–5099). No patient data: ids only.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(5000, LogLevel.Warning, "Disk {Root} refused ({Reason}): {Detail}")]
    public static partial void DiskRefused(this ILogger logger, string root, Disks.DiskRefusalReason reason, string detail);

    [LoggerMessage(5001, LogLevel.Error, "Disk {DiskId} at {Root} marked failed: {Reason}")]
    public static partial void DiskFailed(this ILogger logger, Primitives.DiskId diskId, string root, string reason);

    [LoggerMessage(5002, LogLevel.Warning, "Disk {DiskId} is full; batch of {Records} records cut back")]
    public static partial void DiskFull(this ILogger logger, Primitives.DiskId diskId, int records);

    [LoggerMessage(5003, LogLevel.Warning, "Segment {Segment} on disk {DiskId}: torn tail cut at {ValidLength} (file was {FileLength} bytes, {Status})")]
    public static partial void TornTailTruncated(this ILogger logger, ulong segment, Primitives.DiskId diskId, long validLength, long fileLength, Records.RecordStatus status);

    [LoggerMessage(5004, LogLevel.Error, "Sealed segment {Segment} on disk {DiskId} has an invalid record at {Offset} ({Status}); left for the scrubber")]
    public static partial void SealedSegmentCorrupt(this ILogger logger, ulong segment, Primitives.DiskId diskId, long offset, Records.RecordStatus status);

    [LoggerMessage(5005, LogLevel.Information, "Recovery: {Reindexed} records re-indexed, {Truncated} tails cut, {Flagged} entries flagged for repair")]
    public static partial void RecoveryDone(this ILogger logger, int reindexed, int truncated, int flagged);

    [LoggerMessage(5006, LogLevel.Error, "Shard {Shard} block {Block} failed its checksum on disk {DiskId}")]
    public static partial void CorruptBlock(this ILogger logger, Primitives.ShardKey shard, int block, Primitives.DiskId diskId);

    [LoggerMessage(5007, LogLevel.Warning, "Shard {Shard} points at a missing record on disk {DiskId}")]
    public static partial void MissingRecord(this ILogger logger, Primitives.ShardKey shard, Primitives.DiskId diskId);

    [LoggerMessage(5008, LogLevel.Information, "Compacted segment {Segment} on disk {DiskId}: {Copied} live records copied, {Reclaimed} bytes reclaimed")]
    public static partial void Compacted(this ILogger logger, ulong segment, Primitives.DiskId diskId, int copied, long reclaimed);

    [LoggerMessage(5009, LogLevel.Warning, "Replica cache entry {Object} failed verification and was dropped")]
    public static partial void CacheEntryCorrupt(this ILogger logger, Primitives.ObjectKey @object);

    [LoggerMessage(5010, LogLevel.Information, "Sealed segment {Segment} on disk {DiskId}; opened segment {Next}")]
    public static partial void SegmentRotated(this ILogger logger, ulong segment, Primitives.DiskId diskId, ulong next);

    [LoggerMessage(5011, LogLevel.Error, "Disk {DiskId} holds records in the index but no configured directory carries its label (wiped or unmounted): its shards are reported for repair")]
    public static partial void DiskLost(this ILogger logger, Primitives.DiskId diskId);

    [LoggerMessage(5012, LogLevel.Error, "Segment {Segment} on disk {DiskId}: damaged record at {Offset} ({Length} bytes, {Status}) skipped; the records after it are kept")]
    public static partial void DamagedRecordSkipped(this ILogger logger, ulong segment, Primitives.DiskId diskId, long offset, long length, Records.RecordStatus status);

    [LoggerMessage(5013, LogLevel.Error, "Disk {DiskId} at {Root} is full: new shards go to other disks until {ResumeAt} bytes are free there (reads, deletes and compaction go on)")]
    public static partial void DiskOutOfRoom(this ILogger logger, Primitives.DiskId diskId, string root, long resumeAt);

    [LoggerMessage(5014, LogLevel.Information, "Disk {DiskId} at {Root} has room again: it takes new shards")]
    public static partial void DiskHasRoomAgain(this ILogger logger, Primitives.DiskId diskId, string root);

    [LoggerMessage(5015, LogLevel.Information, "Lost disk {DiskId}: the index places no shard on it any more; no longer reported")]
    public static partial void LostDiskCleared(this ILogger logger, Primitives.DiskId diskId);

    [LoggerMessage(5016, LogLevel.Warning, "Replica cache segment {Path} could not be read ({Reason}) and was deleted; its objects are read from the grid again")]
    public static partial void CacheSegmentUnreadable(this ILogger logger, string path, string reason);

    [LoggerMessage(5017, LogLevel.Warning, "Replica cache in {Directory} cannot be written ({Reason}): objects are not cached until it can (reported at most once a minute; reads go to the disks and the grid)")]
    public static partial void CacheWriteFailed(this ILogger logger, string directory, string reason);

    [LoggerMessage(5018, LogLevel.Warning, "Replica cache: {Path} is a link, not a file; ignored (a link in the cache directory is never followed)")]
    public static partial void CacheFileIgnored(this ILogger logger, string path);
}
