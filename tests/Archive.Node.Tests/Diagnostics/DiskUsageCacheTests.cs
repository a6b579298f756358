using Archive.Node.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Testing;

namespace Archive.Node.Tests.Diagnostics;

public sealed class DiskUsageCacheTests
{
    [Fact]
    public async Task Current_FirstScrape_EmptyThenMeasuredOnceInTheBackground()
    {
        var time = new ManualTime();
        var measured = new TaskCompletionSource();
        var calls = 0;
        var cache = new DiskUsageCache(
            () =>
            {
                Interlocked.Increment(ref calls);
                measured.TrySetResult();
                return [new DiskUsage(DiskId.New(), 3, 3000)];
            },
            time,
            TimeSpan.FromMinutes(5));

        Assert.Empty(cache.Current());
        await measured.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await Waiting.UntilAsync(() => cache.Current().Count == 1, TimeSpan.FromSeconds(30)));

        var usage = Assert.Single(cache.Current());
        Assert.Equal(3, usage.Shards);
        Assert.Equal(3000, usage.RecordBytes);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public void Current_OlderThanMaxAge_MeasuresAgain()
    {
        var time = new ManualTime();
        var shards = 1L;
        var refreshed = new ManualResetEventSlim();
        var cache = new DiskUsageCache(
            () =>
            {
                var figures = new DiskUsage[] { new(DiskId.New(), Interlocked.Read(ref shards), 10) };
                refreshed.Set();
                return figures;
            },
            time,
            TimeSpan.FromMinutes(5));
        cache.Measure();
        refreshed.Reset();
        Interlocked.Exchange(ref shards, 2);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, Assert.Single(cache.Current()).Shards);
        Assert.False(refreshed.IsSet);

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, Assert.Single(cache.Current()).Shards);
        Assert.True(refreshed.Wait(TimeSpan.FromSeconds(30)));
        SpinWait.SpinUntil(() => cache.Current()[0].Shards == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, cache.Current()[0].Shards);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
