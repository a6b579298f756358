using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// Fault campaigns on a real node: the per-disk scrubber reads the segment files, finds exactly the
/// shards that were damaged (no false positive), and repair brings every object back to k+m
/// verified shards, bit-exact; damage beyond m is unrecoverable for exactly the objects hit.
/// Seeds are pinned.
/// </summary>
public sealed class DiskScrubCampaignTests
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-scrub-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Scrub_HealthyNode_VerifiesEveryShardFindsNothingAndRecordsLastVerified()
    {
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(6, seed: 1);
        using var scrub = node.NewCoordinator();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));

        Assert.Equal(await node.Runtime.Store.ListAsync().CountAsync(), scrub.Disks.Sum(d => d.Totals.Verified));
        Assert.Equal(0, node.Runtime.Repairs.Count);
        foreach (var (manifest, _) in node.Objects)
        {
            Assert.True(scrub.Ledger.LastVerified(manifest.Parts[0].StorageKey) >= before);
        }

        Assert.All(scrub.Disks, d => Assert.NotEmpty(scrub.Ledger.Segments(d.Disk)));
    }

    [Fact]
    public async Task Scrub_NextPassDueInAPeriod_TheScheduleIsReadAgainWithinAMinute()
    {
        // Sweep F: the wait for the next pass was the whole period (14 days) on the monotonic clock, so a wall clock
        // stepped forward past the due time started no pass.
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(2, seed: 3);
        using var scrub = node.NewCoordinator();
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));

        var wait = await scrub.Disks[0].StepAsync();

        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Scrub_LastPassRecordedAheadOfTheClock_APassStartsNow()
    {
        // Sweep W: a pass run while the clock was 30 days ahead put the next one 44 days away once the clock was right.
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(2, seed: 4);
        using var scrub = node.NewCoordinator();
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));
        var disk = scrub.Disks[0];
        var ahead = DateTimeOffset.UtcNow.AddDays(30);
        scrub.Ledger.SaveDisk(disk.Disk, scrub.Ledger.LoadDisk(disk.Disk) with { LastPassStartedAt = ahead, LastPassCompletedAt = ahead });

        await disk.StepAsync();

        Assert.NotNull(scrub.Ledger.LoadDisk(disk.Disk).PassStartedAt);
    }

    [Fact]
    public async Task Scrub_RestartedMidPass_ResumesAndVerifiesEveryShardOnce()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Scrub:CheckpointBytes=50000");
        await node.WriteObjectsAsync(10, seed: 2);
        var first = node.NewCoordinator();
        first.Start(now: true);
        var disk = first.Disks[0];
        await disk.StepAsync();
        await disk.StepAsync();
        var seen = disk.Totals.Verified;
        var saved = first.Ledger.LoadDisk(disk.Disk);
        first.Dispose();
        Assert.NotNull(saved.PassStartedAt);
        Assert.True(saved.Offset > 0 || saved.SegmentId > 0);

        using var second = node.NewCoordinator();
        var again = second.Disks[0];
        do
        {
            await again.StepAsync();
        }
        while (second.Ledger.LoadDisk(again.Disk).PassStartedAt is not null);

        var onDisk = await node.Runtime.Store.ListAsync().CountAsync(s => s.Disk == disk.Disk);
        Assert.Equal(onDisk, seen + again.Totals.Verified);
    }

    [Theory]
    [InlineData(5, 11)]
    [InlineData(20, 12)]
    [InlineData(50, 13)]
    public async Task Scrub_BitsFlippedInPercentOfShards_FindsExactlyThoseAndRepairRestoresAll(int percent, int seed)
    {
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(16, seed);
        var random = new Random(seed);
        var records = node.ShardRecords();
        var hit = new HashSet<(string, int)>();
        var perObject = new Dictionary<ObjectKey, int>();
        foreach (var (_, path, record) in records.OrderBy(_ => random.Next()))
        {
            // At most m = 2 damaged shards per object, so that every object stays recoverable.
            if (hit.Count >= records.Count * percent / 100 || perObject.GetValueOrDefault(record.Header.Key.Object) == 2)
            {
                continue;
            }

            ScrubNode.FlipByte(path, record.Offset + random.NextInt64(record.Header.RecordLength));
            perObject[record.Header.Key.Object] = perObject.GetValueOrDefault(record.Header.Key.Object) + 1;
            hit.Add(node.NameOf(record.Header.Key));
        }

        using var scrub = node.NewCoordinator();
        Assert.Equal(hit.Count, await ScrubNode.ScrubAllAsync(scrub));
        Assert.Equal(hit.OrderBy(x => x), await node.QueuedAsync());

        await node.RepairAllAsync();
        Assert.Equal(0, node.Runtime.Repairs.Count);
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));
        await node.AssertFullRedundancyAsync();
    }

    [Fact]
    public async Task Scrub_SegmentTruncatedAndAnotherDeleted_FindsEveryLostShardAndRepairRestoresAll()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Storage:GroupCommit:SegmentMaxBytes=1048576");
        await node.WriteObjectsAsync(48, seed: 21);
        var records = node.ShardRecords();

        // Sealed segments only: the open one is still appended to through its handle.
        var open = node.Runtime.Store.Disks.Select(d => d.SegmentPath(d.ListSegments().Max())).ToHashSet();
        var bySegment = records.GroupBy(r => r.Path).Where(g => g.Count() >= 2 && !open.Contains(g.Key)).ToArray();
        var truncated = bySegment[0];
        var deleted = bySegment.First(g => g.First().Disk != truncated.First().Disk);
        var cut = truncated.ElementAt(1).Record.Offset + 100;
        var lost = new HashSet<(string, int)>();
        foreach (var (_, _, record) in truncated.Where(r => r.Record.Offset + r.Record.Header.RecordLength > cut))
        {
            lost.Add(node.NameOf(record.Header.Key));
        }

        foreach (var (_, _, record) in deleted)
        {
            lost.Add(node.NameOf(record.Header.Key));
        }

        using (var file = new FileStream(truncated.Key, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            file.SetLength(cut);
        }

        File.Delete(deleted.Key);

        using var scrub = node.NewCoordinator();
        Assert.Equal(lost.Count, await ScrubNode.ScrubAllAsync(scrub));
        Assert.Equal(lost.OrderBy(x => x), await node.QueuedAsync());

        await node.RepairAllAsync();
        Assert.Equal(0, node.Runtime.Repairs.Count);
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));
        await node.AssertFullRedundancyAsync();
    }

    [Fact]
    public async Task Scrub_WholeDiskWiped_FindsEveryShardOfItAndRepairMovesThemToOtherDisks()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Node:DefaultDiskCount=7");
        await node.WriteObjectsAsync(12, seed: 31);
        var wiped = node.Runtime.Store.Disks[2];
        var lost = node.ShardRecords().Where(r => r.Disk == wiped).Select(r => node.NameOf(r.Record.Header.Key)).ToHashSet();
        Assert.NotEmpty(lost);
        ScrubNode.Wipe(wiped);

        using var scrub = node.NewCoordinator();
        Assert.Equal(lost.Count, await ScrubNode.ScrubAllAsync(scrub));
        Assert.Equal(lost.OrderBy(x => x), await node.QueuedAsync());
        Assert.False(wiped.IsHealthy);

        await node.RepairAllAsync();
        Assert.Equal(0, node.Runtime.Repairs.Count);
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub));
        await node.AssertFullRedundancyAsync();
    }

    [Fact]
    public async Task DiskWipedUnderARunningNodeBetweenPasses_TheMountCheckFailsIt_AndItsPassStartsAtOnceQueuingEveryShard()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Node:DefaultDiskCount=7");
        await node.WriteObjectsAsync(12, seed: 37);
        using var scrub = node.NewCoordinator();
        Assert.Equal(0, await ScrubNode.ScrubAllAsync(scrub)); // the last pass done: the next is due in Scrub:Period
        var wiped = node.Runtime.Store.Disks[2];
        var lost = node.ShardRecords().Where(r => r.Disk == wiped).Select(r => node.NameOf(r.Record.Header.Key)).ToHashSet();
        Assert.NotEmpty(lost);
        ScrubNode.Wipe(wiped);

        node.Runtime.Store.CheckMounts(); // what the coordinator's timer does every MountCheckInterval

        Assert.False(wiped.IsHealthy);
        var disk = scrub.Disks.Single(d => d.Disk == wiped.Id);
        do
        {
            await disk.StepAsync(); // no operator start: the failure asked for the pass
        }
        while (scrub.Ledger.LoadDisk(disk.Disk).PassStartedAt is not null);

        Assert.Equal(lost.OrderBy(x => x), await node.QueuedAsync());
    }

    [Fact]
    public async Task Write_AfterADiskFailedStillInTheMap_PlacesAroundItWithEveryShardDurable()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Node:DefaultDiskCount=7");
        await node.WriteObjectsAsync(4, seed: 41);
        var wiped = node.Runtime.Store.Disks[2];
        ScrubNode.Wipe(wiped);
        using var scrub = node.NewCoordinator();
        await ScrubNode.ScrubAllAsync(scrub);
        Assert.False(wiped.IsHealthy);

        // The writer looks at the nodes' disk health at least once a second (or at once after a refused put); from
        // then on, with six shards on seven disks, a part that would have named the failed disk goes around it.
        await node.AssertWritesPlaceAroundAsync(wiped, 12, seed: 42);
    }

    [Fact]
    public async Task Scrub_OneObjectDamagedBeyondM_ReportedUnrecoverableForExactlyThatObjectOthersRepaired()
    {
        await using var node = await ScrubNode.OpenAsync(_home);
        await node.WriteObjectsAsync(8, seed: 41);
        var random = new Random(41);
        var records = node.ShardRecords();
        var doomed = node.Objects[3].Manifest;
        var damaged = node.Objects[5].Manifest;
        foreach (var (_, path, record) in records.Where(r => r.Record.Header.Key.Object == doomed.Parts[0].StorageKey).Take(3))
        {
            ScrubNode.FlipByte(path, record.Offset + random.NextInt64(record.Header.RecordLength));
        }

        foreach (var (_, path, record) in records.Where(r => r.Record.Header.Key.Object == damaged.Parts[0].StorageKey).Take(2))
        {
            ScrubNode.FlipByte(path, record.Offset + random.NextInt64(record.Header.RecordLength));
        }

        using var scrub = node.NewCoordinator();
        Assert.Equal(5, await ScrubNode.ScrubAllAsync(scrub));
        var worker = await node.RepairAllAsync();

        Assert.Equal([doomed.ObjectName], worker.UnrecoverableItems.Select(i => i.ObjectName).Distinct());
        Assert.All(await node.Runtime.Repairs.PeekAsync(100), i => Assert.Equal(doomed.ObjectName, i.ObjectName));
        node.Objects.RemoveAll(o => o.Manifest.ObjectName == doomed.ObjectName);
        await node.AssertFullRedundancyAsync();
    }
}
