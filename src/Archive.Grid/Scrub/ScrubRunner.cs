namespace Archive.Grid.Scrub;

/// <summary>
/// Drives full scrub passes on schedule: a pass starts <see cref="ScrubOptions.Period"/> after the
/// previous one started, advances by <see cref="ScrubOptions.CheckpointShards"/> shards per step and
/// saves its cursor after each step, so a restart resumes where it stopped. One per node; not
/// thread-safe (one caller loop).
/// </summary>
public sealed class ScrubRunner(ShardScrubber scrubber, IScrubProgress progress, ScrubOptions options, TimeProvider time)
{
    /// <summary>Totals since the runner started: shards verified and bad shards found.</summary>
    public (long Verified, long Bad) Totals { get; private set; }

    /// <summary>One step: verifies the next shards when a pass is due, and says how long to wait before the next step.</summary>
    public async Task<TimeSpan> StepAsync(CancellationToken cancellationToken = default)
    {
        var state = progress.Load();
        var now = time.GetUtcNow();
        if (state.PassStartedAt is null)
        {
            var due = state.LastPassStartedAt is { } last ? last + options.Period : now;
            if (due > now)
            {
                return due - now;
            }

            state = state with { PassStartedAt = now, Cursor = null };
            progress.Save(state);
        }

        var pass = await scrubber.ScrubAsync(state.Cursor, options.CheckpointShards, cancellationToken).ConfigureAwait(false);
        Totals = (Totals.Verified + pass.Verified, Totals.Bad + pass.Bad);
        progress.Save(pass.Cursor is { } cursor
            ? state with { Cursor = cursor }
            : new ScrubProgress(null, null, state.PassStartedAt, time.GetUtcNow()));
        return TimeSpan.Zero;
    }
}
