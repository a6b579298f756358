using Archive.Storage.Disks;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;
using Archive.Testing.Disks;

namespace Archive.Storage.Tests.Faults;

/// <summary>Needs root (mounts a 4 MiB tmpfs), as in CI.</summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task FullDisk_PutFailsCleanly_NothingPartialVisible_AckedDataIntact()
    {
        using var temp = new TempDirectory();
        using var tmpfs = Tmpfs.Mount(temp.Sub("tmpfs"), 4);
        await using var h = new StoreHarness(disks: 0, diskRoots: [Path.Combine(tmpfs.Path, "d0")]);
        var store = await h.OpenAsync();
        var acked = new List<ShardWrite>();
        ShardStatus last = ShardStatus.Ok;
        for (int i = 0; i < 20 && last == ShardStatus.Ok; i++)
        {
            var w = Shards.Write(i, length: 512 * 1024, blockSize: 64 * 1024);
            last = (await store.PutAsync(w)).Status;
            if (last == ShardStatus.Ok)
            {
                acked.Add(w);
            }
        }

        Assert.Equal(ShardStatus.DiskFull, last);
        Assert.InRange(acked.Count, 3, 8);
        var disk = store.Disks[0];
        Assert.True(disk.IsHealthy);
        var checkpoint = h.Index!.EnumerateCheckpoints().Where(c => c.Disk == disk.Id).MaxBy(c => c.SegmentId);
        Assert.Equal(checkpoint.IndexedLength, new FileInfo(disk.SegmentPath(checkpoint.SegmentId)).Length);
        Assert.Equal(acked.Count, h.Index.EnumerateShards().Count());

        // After a restart every acknowledged shard reads back.
        store = await h.OpenAsync();
        Assert.Equal(0, store.Recovery[disk.Id].TruncatedTails);
        foreach (var w in acked)
        {
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }

        await h.CloseAsync();
    }

    [Fact]
    public async Task FullDisk_ReportedFull_NewShardsGoToTheOtherDisk_TakesShardsAgainOnceItHasRoom()
    {
        using var temp = new TempDirectory();
        using var tmpfs = Tmpfs.Mount(temp.Sub("tmpfs"), 4);
        await using var h = new StoreHarness(disks: 0, diskRoots: [Path.Combine(tmpfs.Path, "d0"), temp.Sub("d1")]);
        var store = await h.OpenAsync();
        var small = store.Disks.Single(d => d.Root.StartsWith(tmpfs.Path, StringComparison.Ordinal));
        var roomy = store.Disks.Single(d => d != small);
        var acked = new List<ShardWrite>();
        var last = ShardStatus.Ok;
        for (int i = 0; i < 40 && last == ShardStatus.Ok; i++)
        {
            var w = Shards.Write(i, length: 512 * 1024, blockSize: 64 * 1024, disk: small.Id);
            last = (await store.PutAsync(w)).Status;
            if (last == ShardStatus.Ok)
            {
                acked.Add(w);
            }
        }

        Assert.Equal(ShardStatus.DiskFull, last);
        Assert.Equal(DiskState.Full, StateOf(store, small));
        Assert.Equal(DiskState.Healthy, StateOf(store, roomy));
        Assert.Equal(1, store.GetHealth().HealthyDisks);
        Assert.Equal(2, store.GetHealth().ServingDisks);

        // Placement that names the full disk is refused at once, even for a record that would fit; a put that
        // names none goes to the other disk, wherever the full one ranks; what the full disk holds still reads.
        Assert.Equal(ShardStatus.DiskFull, (await store.PutAsync(Shards.Write(100, length: 100, disk: small.Id))).Status);
        for (int i = 0; i < 16; i++)
        {
            var outcome = await store.PutAsync(Shards.Write(200 + i));
            Assert.Equal(ShardStatus.Ok, outcome.Status);
            Assert.Equal(roomy.Id, outcome.Disk);
        }

        foreach (var w in acked)
        {
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }

        // Room for a segment again (the filesystem grown): healthy within a second or two, and it takes shards.
        tmpfs.Resize(64);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (StateOf(store, small) == DiskState.Full && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(DiskState.Healthy, StateOf(store, small));
        Assert.Equal(ShardStatus.Ok, (await store.PutAsync(Shards.Write(300, disk: small.Id))).Status);
        await h.CloseAsync();
    }

    private static DiskState StateOf(LocalShardStore store, DataDisk disk) => store.GetHealth().Disks.Single(d => d.Disk == disk.Id).State;
}
