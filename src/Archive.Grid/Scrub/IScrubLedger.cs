using Archive.Storage.Primitives;

namespace Archive.Grid.Scrub;

/// <summary>
/// What the per-disk scrubbers remember across restarts: each disk's position in its pass, each
/// segment's last result and each shard's last good verification. The host implements it over
/// the node's RocksDB. <see cref="SaveDisk"/> returns only when durable; the other writes may be
/// lost by a power cut (the next pass writes them again). Thread-safe.
/// </summary>
public interface IScrubLedger
{
    /// <summary>The saved state of <paramref name="disk"/>; <see cref="DiskScrubState.Initial"/> when none.</summary>
    DiskScrubState LoadDisk(DiskId disk);

    void SaveDisk(DiskId disk, DiskScrubState state);

    /// <summary>Keeps the result of the last full read of one segment.</summary>
    void RecordSegment(DiskId disk, ulong segmentId, SegmentScrubResult result);

    /// <summary>The last result of every segment of <paramref name="disk"/> scrubbed so far, by segment id.</summary>
    IReadOnlyList<SegmentScrubResult> Segments(DiskId disk);

    /// <summary>Records that these shards verified good at <paramref name="at"/>.</summary>
    void RecordVerified(IReadOnlyList<ShardKey> shards, DateTimeOffset at);

    /// <summary>
    /// When every shard of <paramref name="key"/> held here was last verified good: the oldest of
    /// their times; null when none was ever verified.
    /// </summary>
    DateTimeOffset? LastVerified(ObjectKey key);
}

/// <summary>Where one disk's scrub stands. Persisted by the ledger.</summary>
/// <param name="PassStartedAt">When the pass under way started; null when none is.</param>
/// <param name="SegmentId">The segment being read (the pass resumes at the first segment with an id at least this).</param>
/// <param name="Offset">Where reading resumes in that segment (0 = its start).</param>
/// <param name="LastPassStartedAt">When the last completed pass started (the schedule counts from it).</param>
/// <param name="LastPassCompletedAt">When the last full pass ended.</param>
/// <param name="PassBytes">Bytes read so far in the pass under way (or in the last one, when none is).</param>
/// <param name="PassBad">Bad shards found so far in the pass under way (or in the last one).</param>
/// <param name="SegmentBad">Bad shards found so far in the segment being read.</param>
/// <param name="SegmentRecords">Records read so far in the segment being read.</param>
public sealed record DiskScrubState(
    DateTimeOffset? PassStartedAt,
    ulong SegmentId,
    long Offset,
    DateTimeOffset? LastPassStartedAt,
    DateTimeOffset? LastPassCompletedAt,
    long PassBytes,
    long PassBad,
    int SegmentBad,
    int SegmentRecords)
{
    public static DiskScrubState Initial { get; } = new(null, 0, 0, null, null, 0, 0, 0, 0);
}

/// <summary>The result of one full read of a segment.</summary>
public sealed record SegmentScrubResult(ulong SegmentId, DateTimeOffset VerifiedAt, int Records, int Bad);
