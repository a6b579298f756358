using Archive.Grid.Repair;

namespace Archive.Grid.Tests.Repair;

public sealed class RepairThrottleTests
{
    [Fact]
    public void Reserve_ChargesBeyondTheRate_WaitGrowsByBytesOverRate()
    {
        var time = new StillTime();
        var throttle = new RepairThrottle(1_000_000, time);

        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Reserve(1_000_000));
        Assert.Equal(TimeSpan.FromSeconds(1.5), throttle.Reserve(500_000));
        time.Now += TimeSpan.FromSeconds(10);
        Assert.Equal(TimeSpan.FromSeconds(0.25), throttle.Reserve(250_000));
    }

    private sealed class StillTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
