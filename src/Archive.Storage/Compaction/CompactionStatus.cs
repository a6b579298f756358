namespace Archive.Storage.Compaction;

/// <summary>Outcome of compacting one segment. Values are stable.</summary>
public enum CompactionStatus
{
    /// <summary>Live records were copied, the index switched durably and the old file deleted.</summary>
    Compacted = 0,

    /// <summary>The segment is the open one or not sealed: nothing done.</summary>
    NotSealed = 1,

    /// <summary>The segment has an invalid record: left intact for the scrubber and repair.</summary>
    SegmentCorrupt = 2,

    /// <summary>A copy could not be made durable (disk full or failed): the old segment was kept.</summary>
    CopyFailed = 3,

    /// <summary>No such disk or segment, or the disk is not healthy.</summary>
    NotFound = 4,
}
