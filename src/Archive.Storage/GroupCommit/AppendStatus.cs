namespace Archive.Storage.GroupCommit;

/// <summary>Outcome of one append. Values are stable.</summary>
public enum AppendStatus
{
    /// <summary>The record is fsynced (file and, for a new segment, directory) and indexed.</summary>
    Durable = 0,

    /// <summary>No space left: the batch was cut back off the segment; nothing of it is visible.</summary>
    DiskFull = 1,

    /// <summary>The disk failed (I/O error or vanished); it takes no more writes.</summary>
    DiskFailed = 2,

    /// <summary>The appender is shutting down.</summary>
    Closed = 3,

    /// <summary>A compaction copy was dropped unwritten: its shard was deleted or put again meanwhile.</summary>
    Superseded = 4,
}
