using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Store;

public sealed class DiskUsageTests
{
    [Fact]
    public async Task MeasureUsage_PutsOnTwoDisksThenADelete_CountsLiveRecordsPerDisk()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var first = store.Disks[0].Id;
        var second = store.Disks[1].Id;
        var a = Shards.Write(1, length: 10_000, disk: first);
        var b = Shards.Write(2, length: 20_000, disk: first);
        var c = Shards.Write(3, length: 5_000, disk: second);
        foreach (var write in new[] { a, b, c })
        {
            Assert.Equal(ShardStatus.Ok, (await store.PutAsync(write)).Status);
        }

        Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(b.Key));

        var usage = store.MeasureUsage().ToDictionary(u => u.Disk);
        Assert.Equal(2, usage.Count);
        Assert.Equal(1, usage[first].Shards);
        Assert.Equal(1, usage[second].Shards);
        Assert.InRange(usage[first].RecordBytes, 10_000, 12_000);
        Assert.InRange(usage[second].RecordBytes, 5_000, 7_000);
    }
}
