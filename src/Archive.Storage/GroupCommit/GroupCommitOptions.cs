namespace Archive.Storage.GroupCommit;

/// <summary>Group commit tuning. Immutable; validated by <see cref="Store.StorageOptions.Validate"/>.</summary>
public sealed record GroupCommitOptions
{
    /// <summary>A segment is sealed and a new one started when it would grow past this (default 256 MiB).</summary>
    public long SegmentMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest batch written under one fsync (default 16 MiB); bounds the latency a put can wait behind.</summary>
    public long MaxBatchBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most records under one fsync (default 512).</summary>
    public int MaxBatchRecords { get; init; } = 512;

    /// <summary>
    /// How long the writer lingers for more records after the first one of a batch arrives (default 0:
    /// batches form naturally while the previous fsync runs). A put waits at most this plus one fsync
    /// plus the batch ahead of it.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Each batch is written and synced by one <c>pwritev2(RWF_DSYNC)</c> (default true; Linux): the
    /// semantics of write + fdatasync in one system call. False: a gather write, then fsync — the
    /// previous way, kept for benchmarks comparing the two; as durable either way.
    /// </summary>
    public bool SyncWithWrite { get; init; } = true;

    /// <summary>
    /// The open segment's blocks are reserved up to <see cref="SegmentMaxBytes"/> when it is created
    /// (<c>fallocate</c> keeping the size; default true), so appends allocate nothing; sealing gives
    /// back the unused rest. False: appends allocate as they go (benchmark comparison).
    /// </summary>
    public bool PreallocateSegments { get; init; } = true;

    /// <summary>One fsync per record: the baseline the benchmarks compare against. Never in production.</summary>
    public bool DisableGrouping { get; init; }

    /// <summary>Free bytes kept in reserve on each disk: a write that would eat into it fails as disk full (default 0).</summary>
    public long MinFreeBytes { get; init; }

    /// <summary>
    /// Free bytes at which a disk found full takes new shards again: the reserve plus room for one whole segment, so it
    /// does not flap between full and not on every record.
    /// </summary>
    public long ResumeAtFreeBytes => MinFreeBytes + SegmentMaxBytes;

    /// <summary>Pending records per disk before submitters wait (back-pressure; default 4096).</summary>
    public int QueueCapacity { get; init; } = 4096;
}
