using Archive.Grid.Coding;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Testing.Diagnostics;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Repair;

public sealed class RepairMetricsTests
{
    [Fact]
    public async Task ScrubThenRepair_OneCorruptShard_CountsBadShardRepairedItemAndEmptyQueue()
    {
        using var grid = new FakeGrid(6);
        var manifest = (await Write(grid, "1.70", Content(80_000, false, 70))).Manifest!;
        var part = manifest.Parts[0];
        var node = part.Shards[3].NodeId;
        grid.Store(node).Corrupted.Add(new(part.StorageKey, 3));
        using var factory = new TestMeterFactory();
        var metrics = new RepairMetrics(factory);
        using var seen = new MeasurementRecorder(factory);
        seen.RecordObservableInstruments();
        Assert.True(seen.Has("archive.scrub.bad.shards")); // at 0 before any bad shard: an alert on its increase sees the first (sweep M)
        Assert.Equal(0, seen["archive.scrub.bad.shards"]);

        await new ShardScrubber(grid.Store(node), grid.Repairs, new RepairThrottle(long.MaxValue / 2, TimeProvider.System), NullLogger<ShardScrubber>.Instance, metrics).ScrubAsync(null);
        using var codecs = new CodecPool();
        var repairer = new GridRepairer(grid.Maps, grid, grid.Membership, codecs, new GridReadOptions(), TimeSpan.Zero, TimeProvider.System, NullLogger<GridRepairer>.Instance);
        var worker = new RepairWorker(grid.Repairs, repairer, new RepairOptions { BytesPerSecond = long.MaxValue / 2 }, TimeProvider.System, NullLogger<RepairWorker>.Instance, metrics);
        await worker.RunOnceAsync();
        seen.RecordObservableInstruments();

        Assert.Equal(1, seen["archive.scrub.bad.shards"]);
        Assert.Equal(grid.Store(node).Count, seen["archive.scrub.shards"]);
        Assert.Equal(1, seen["archive.repair.items|repaired"]);
        Assert.Equal(0, seen["archive.repair.queue.items"]);
        Assert.Equal(0, seen["archive.repair.unrecoverable.items"]);
    }
}
