namespace Archive.Cli.Commands.Status;

/// <summary>
/// How recently the disks were fully verified by the scrubber, from each node's scrub status. A
/// disk is overdue when its last completed pass (or, never completed, its node's start) is older
/// than 1.5 scrub periods: one period is the schedule, the half is slack for a slowed pass.
/// </summary>
internal sealed record ScrubAge(int Disks, DateTimeOffset? OldestCompletedPass, int NeverCompleted, int OverdueDisks)
{
    public static ScrubAge Of(IEnumerable<NodeSurvey> nodes, DateTimeOffset now)
    {
        int disks = 0, never = 0, overdue = 0;
        DateTimeOffset? oldest = null;
        foreach (var node in nodes.Where(n => n.Scrub is not null))
        {
            var allowance = TimeSpan.FromSeconds(node.Scrub!.PeriodSeconds * 1.5);
            var started = ReadCommandSupport.FromUnixMs(node.Status?.StartedAtUnixMs ?? 0) ?? now;
            foreach (var disk in node.Scrub.Disks)
            {
                disks++;
                var completed = ReadCommandSupport.FromUnixMs(disk.LastPassCompletedUnixMs);
                never += completed is null ? 1 : 0;
                oldest = completed is { } c && (oldest is null || c < oldest) ? c : oldest;
                overdue += allowance > TimeSpan.Zero && now - (completed ?? started) > allowance ? 1 : 0;
            }
        }

        return new ScrubAge(disks, oldest, never, overdue);
    }
}
