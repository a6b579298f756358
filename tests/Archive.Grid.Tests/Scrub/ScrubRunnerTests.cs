using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Grid.Writing;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Scrub;

public sealed class ScrubRunnerTests
{
    private static readonly ScrubOptions Options = new() { CheckpointShards = 4, Period = TimeSpan.FromDays(14) };

    [Fact]
    public async Task Step_FirstPass_RunsAtOnceInCheckpointsThenWaitsForThePeriod()
    {
        using var grid = await GridWithShards();
        var store = grid.Store("n000");
        var time = new ManualTime();
        var progress = new MemoryProgress();
        var runner = Runner(grid, progress, time);

        var steps = 0;
        while (progress.Saved.LastPassCompletedAt is null)
        {
            Assert.Equal(TimeSpan.Zero, await runner.StepAsync());
            steps++;
            time.Now += TimeSpan.FromHours(1);
        }

        Assert.Equal(store.Count, runner.Totals.Verified);
        Assert.Equal((store.Count + 3) / 4, steps);
        Assert.Equal(TimeSpan.FromDays(14) - TimeSpan.FromHours(steps), await runner.StepAsync());
    }

    [Fact]
    public async Task Step_RunnerRestartedMidPass_ResumesFromTheSavedCursor()
    {
        using var grid = await GridWithShards();
        var store = grid.Store("n000");
        var time = new ManualTime();
        var progress = new MemoryProgress();
        await Runner(grid, progress, time).StepAsync();
        Assert.NotNull(progress.Saved.Cursor);

        var restarted = Runner(grid, progress, time);
        while (progress.Saved.LastPassCompletedAt is null)
        {
            await restarted.StepAsync();
        }

        Assert.Equal(store.Count - 4, restarted.Totals.Verified);
    }

    private static async Task<FakeGrid> GridWithShards()
    {
        var grid = new FakeGrid(6, writeOptions: new GridWriteOptions { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 });
        for (var i = 0; i < 6; i++)
        {
            await Write(grid, "1.62." + i, Content(300_000 + i, false, 400 + i));
        }

        Assert.True(grid.Store("n000").Count > 8);
        return grid;
    }

    private static ScrubRunner Runner(FakeGrid grid, IScrubProgress progress, TimeProvider time) =>
        new(new ShardScrubber(grid.Store("n000"), grid.Repairs, new RepairThrottle(long.MaxValue / 2, TimeProvider.System), NullLogger<ShardScrubber>.Instance), progress, Options, time);

    private sealed class MemoryProgress : IScrubProgress
    {
        public ScrubProgress Saved { get; private set; } = ScrubProgress.Initial;

        public ScrubProgress Load() => Saved;

        public void Save(ScrubProgress progress) => Saved = progress;
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
