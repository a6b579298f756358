using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Repair;
using Archive.Testing;
using Archive.Testing.Fakes;

namespace Archive.Grid.Tests.Repair;

/// <summary>A node silent past the replace delay is told once per outage, so anti-entropy checks then and not a day later.</summary>
public sealed class SilentNodeWatchTests
{
    private static readonly MembershipOptions Options = new() { HeartbeatInterval = TimeSpan.FromSeconds(1), SuspectAfter = TimeSpan.FromSeconds(3), DownAfter = TimeSpan.FromSeconds(10) };
    private static readonly TimeSpan ReplaceAfter = TimeSpan.FromMinutes(15);

    [Fact]
    public void NewlyPastReplaceAfter_OneNodeFallsSilent_ToldOnceThenAgainAfterItCameBackAndFellSilentAgain()
    {
        var time = new SteppedTime();
        var map = MapBuilder.Build(1, 1, 3, 1);
        var membership = new MembershipTable(Options, time, "n000");
        var watch = new SilentNodeWatch("n000", new GridMapHolder(map), membership, ReplaceAfter);

        void Tick(TimeSpan by)
        {
            time.Advance(by);
            membership.Heard("n001");
        }

        Tick(TimeSpan.FromMinutes(1));
        membership.Heard("n002");
        Assert.Empty(watch.NewlyPastReplaceAfter());

        Tick(TimeSpan.FromMinutes(14));
        Assert.Empty(watch.NewlyPastReplaceAfter()); // n002 silent 14 min: a reboot, not a loss

        Tick(TimeSpan.FromMinutes(1));
        Assert.Equal(["n002"], watch.NewlyPastReplaceAfter());
        Tick(TimeSpan.FromMinutes(30));
        Assert.Empty(watch.NewlyPastReplaceAfter()); // the same outage is told once

        membership.Heard("n002");
        Assert.Empty(watch.NewlyPastReplaceAfter());
        Tick(TimeSpan.FromMinutes(15));
        Assert.Equal(["n002"], watch.NewlyPastReplaceAfter()); // a new outage is told again
    }

    [Fact]
    public void NewlyPastReplaceAfter_NeverHeardSinceStart_ToldOnceTheDelayHasPassedSinceStart()
    {
        var time = new SteppedTime();
        var membership = new MembershipTable(Options, time, "n000");
        var watch = new SilentNodeWatch("n000", new GridMapHolder(MapBuilder.Build(1, 1, 2, 1)), membership, ReplaceAfter);

        Assert.Empty(watch.NewlyPastReplaceAfter());
        time.Advance(ReplaceAfter);
        Assert.Equal(["n001"], watch.NewlyPastReplaceAfter()); // never the local node, which never hears itself
        Assert.Equal(TimeSpan.FromSeconds(30), watch.PollInterval);
    }
}
