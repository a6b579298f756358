using Archive.Storage.Primitives;

namespace Archive.Grid.Scrub;

/// <summary>
/// Where this node's scrub stands, kept durably so that a restart resumes the pass instead of
/// starting over. The host implements it. A save returns only when durable.
/// </summary>
public interface IScrubProgress
{
    /// <summary>The saved progress; <see cref="ScrubProgress.Initial"/> when none was saved.</summary>
    ScrubProgress Load();

    void Save(ScrubProgress progress);
}

/// <summary>The scrub's position: the pass under way and the last one completed.</summary>
/// <param name="PassStartedAt">When the current pass started; null when no pass is under way.</param>
/// <param name="Cursor">The last shard verified in the current pass; null at its start.</param>
/// <param name="LastPassCompletedAt">When the last full pass ended; null before the first.</param>
/// <param name="LastPassStartedAt">When the last full pass started (the schedule counts from it).</param>
public sealed record ScrubProgress(DateTimeOffset? PassStartedAt, ShardKey? Cursor, DateTimeOffset? LastPassStartedAt, DateTimeOffset? LastPassCompletedAt)
{
    public static ScrubProgress Initial { get; } = new(null, null, null, null);
}
