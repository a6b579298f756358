using Archive.Node.Maintenance;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// An operator's <c>scrub pause</c> survives a node restart: a new coordinator over the same node
/// home (what the host builds at start-up) stays paused and reads nothing until <c>scrub start</c>.
/// </summary>
public sealed class ScrubPauseTests
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-scrub-pause-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Pause_ThenRestart_StaysPausedAndReadsNothingUntilStarted()
    {
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(3, seed: 51);
        using (var before = node.NewCoordinator())
        {
            before.Pause();
        }

        using var restarted = node.NewCoordinator();

        Assert.All(restarted.Disks, d => Assert.True(d.Paused));
        foreach (var disk in restarted.Disks)
        {
            await disk.StepAsync();
            Assert.Null(restarted.Ledger.LoadDisk(disk.Disk).PassStartedAt);
            Assert.Equal(0, disk.Totals.Verified);
        }

        Assert.Equal(0, await ScrubNode.ScrubAllAsync(restarted)); // starts (and persists the start)
        Assert.Equal(await node.Runtime.Store.ListAsync().CountAsync(), restarted.Disks.Sum(d => d.Totals.Verified));
        using var again = node.NewCoordinator();
        Assert.All(again.Disks, d => Assert.False(d.Paused));
    }

    [Fact]
    public async Task NeverPaused_Restart_ScrubsAsScheduled()
    {
        await using var node = await ScrubNode.OpenAsync(_home);

        using var scrub = node.NewCoordinator();

        Assert.All(scrub.Disks, d => Assert.False(d.Paused));
        Assert.False(File.Exists(Path.Combine(node.Runtime.Settings.FastDirectory, ScrubCoordinator.PauseFileName)));
    }

    [Fact]
    public async Task UnreadablePauseFile_Restart_ScrubsRatherThanStayingPausedForGood()
    {
        await using var node = await ScrubNode.OpenAsync(_home);
        File.WriteAllText(Path.Combine(node.Runtime.Settings.FastDirectory, ScrubCoordinator.PauseFileName), "garbage\n");

        using var scrub = node.NewCoordinator();

        Assert.All(scrub.Disks, d => Assert.False(d.Paused));
    }
}
