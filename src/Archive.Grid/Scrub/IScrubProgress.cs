using Archive.Storage.Primitives;

namespace Archive.Grid.Scrub;

/// <summary>
/// A node-wide summary of the per-disk scrub (<see cref="DiskScrubber"/>), published for tools
/// that read it without the node's database. The disks' own positions live in the
/// <see cref="IScrubLedger"/>. The host implements it. A save returns only when durable.
/// </summary>
public interface IScrubProgress
{
    /// <summary>The saved progress; <see cref="ScrubProgress.Initial"/> when none was saved.</summary>
    ScrubProgress Load();

    void Save(ScrubProgress progress);
}

/// <summary>The node's scrub summary: the earliest pass under way and the oldest completed one over its disks.</summary>
/// <param name="PassStartedAt">When the earliest pass under way started; null when no disk is in a pass.</param>
/// <param name="Cursor">Unused by the per-disk scrub (kept for the file format); null.</param>
/// <param name="LastPassCompletedAt">When the oldest last full pass of a disk ended; null before every disk completed one.</param>
/// <param name="LastPassStartedAt">When that pass started.</param>
public sealed record ScrubProgress(DateTimeOffset? PassStartedAt, ShardKey? Cursor, DateTimeOffset? LastPassStartedAt, DateTimeOffset? LastPassCompletedAt)
{
    public static ScrubProgress Initial { get; } = new(null, null, null, null);
}
