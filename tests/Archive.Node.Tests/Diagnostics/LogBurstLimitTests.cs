using Archive.Node.Diagnostics;

namespace Archive.Node.Tests.Diagnostics;

public sealed class LogBurstLimitTests
{
    [Fact]
    public void Allow_PerMinuteChecksPass_TheRestWaitForTheNextMinute()
    {
        var time = new SteppedTime();
        var limit = new LogBurstLimit(perMinute: 3, time);

        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => limit.Allow()));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limit.Allow());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limit.Allow()));
    }

    private sealed class SteppedTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
