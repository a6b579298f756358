using Archive.Grid.Membership;
using Archive.Testing.Fakes;

namespace Archive.Grid.Tests.Membership;

public sealed class MembershipTableTests
{
    private static readonly MembershipOptions Options = new() { HeartbeatInterval = TimeSpan.FromSeconds(1), SuspectAfter = TimeSpan.FromSeconds(3), DownAfter = TimeSpan.FromSeconds(10) };

    [Fact]
    public void HealthOf_SilenceGrows_UpThenSuspectThenDown()
    {
        var time = new SteppedTime();
        var table = new MembershipTable(Options, time);
        table.Heard("n1");
        Assert.Equal(NodeHealth.Up, table.HealthOf("n1"));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(NodeHealth.Suspect, table.HealthOf("n1"));
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(NodeHealth.Down, table.HealthOf("n1"));
        table.Heard("n1");
        Assert.Equal(NodeHealth.Up, table.HealthOf("n1"));
    }

    [Fact]
    public void HealthOf_FailureAfterLastHeartbeat_IsSuspect()
    {
        var time = new SteppedTime();
        var table = new MembershipTable(Options, time);
        table.Heard("n2");
        time.Advance(TimeSpan.FromTicks(1));
        table.Failed("n2");
        Assert.Equal(NodeHealth.Suspect, table.HealthOf("n2"));
    }

    [Fact]
    public void LastFailureReason_SaidUntilTheNodeAnswersAgain()
    {
        var time = new SteppedTime();
        var table = new MembershipTable(Options, time);
        Assert.Null(table.LastFailureReason("n3"));
        time.Advance(TimeSpan.FromTicks(1));
        table.Failed("n3", "certificate refused");
        Assert.Equal("certificate refused", table.LastFailureReason("n3"));
        time.Advance(TimeSpan.FromTicks(1));
        table.Failed("n3");
        Assert.Equal("certificate refused", table.LastFailureReason("n3")); // a failure that says nothing keeps the last reason
        time.Advance(TimeSpan.FromTicks(1));
        table.Heard("n3");
        Assert.Null(table.LastFailureReason("n3"));
    }

    [Fact]
    public void HealthOf_LocalNode_AlwaysUp()
    {
        var time = new SteppedTime();
        var table = new MembershipTable(Options, time, localNodeId: "self");
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(NodeHealth.Up, table.HealthOf("self"));
        Assert.Equal(NodeHealth.Down, table.HealthOf("other"));
    }
}
