using Archive.Grid.Membership;

namespace Archive.Grid.Tests.Membership;

public sealed class MembershipTableTests
{
    private sealed class ManualTime : TimeProvider
    {
        public long Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now;
    }

    private static readonly MembershipOptions Options = new() { HeartbeatInterval = TimeSpan.FromSeconds(1), SuspectAfter = TimeSpan.FromSeconds(3), DownAfter = TimeSpan.FromSeconds(10) };

    [Fact]
    public void HealthOf_SilenceGrows_UpThenSuspectThenDown()
    {
        var time = new ManualTime();
        var table = new MembershipTable(Options, time);
        table.Heard("n1");
        Assert.Equal(NodeHealth.Up, table.HealthOf("n1"));
        time.Now += TimeSpan.FromSeconds(4).Ticks;
        Assert.Equal(NodeHealth.Suspect, table.HealthOf("n1"));
        time.Now += TimeSpan.FromSeconds(7).Ticks;
        Assert.Equal(NodeHealth.Down, table.HealthOf("n1"));
        table.Heard("n1");
        Assert.Equal(NodeHealth.Up, table.HealthOf("n1"));
    }

    [Fact]
    public void HealthOf_FailureAfterLastHeartbeat_IsSuspect()
    {
        var time = new ManualTime();
        var table = new MembershipTable(Options, time);
        table.Heard("n2");
        time.Now += 1;
        table.Failed("n2");
        Assert.Equal(NodeHealth.Suspect, table.HealthOf("n2"));
    }

    [Fact]
    public void LastFailureReason_SaidUntilTheNodeAnswersAgain()
    {
        var time = new ManualTime();
        var table = new MembershipTable(Options, time);
        Assert.Null(table.LastFailureReason("n3"));
        time.Now += 1;
        table.Failed("n3", "certificate refused");
        Assert.Equal("certificate refused", table.LastFailureReason("n3"));
        time.Now += 1;
        table.Failed("n3");
        Assert.Equal("certificate refused", table.LastFailureReason("n3")); // a failure that says nothing keeps the last reason
        time.Now += 1;
        table.Heard("n3");
        Assert.Null(table.LastFailureReason("n3"));
    }

    [Fact]
    public void HealthOf_LocalNode_AlwaysUp()
    {
        var time = new ManualTime();
        var table = new MembershipTable(Options, time, localNodeId: "self");
        time.Now += TimeSpan.FromHours(1).Ticks;
        Assert.Equal(NodeHealth.Up, table.HealthOf("self"));
        Assert.Equal(NodeHealth.Down, table.HealthOf("other"));
    }
}
