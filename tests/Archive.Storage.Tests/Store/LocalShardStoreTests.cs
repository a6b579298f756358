using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Store;

public sealed class LocalShardStoreTests
{
    [Fact]
    public async Task Put_ThenRead_ReturnsTheExactBytes()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        var write = Shards.Write(1, length: 50_000);
        var put = await store.PutAsync(write);
        Assert.Equal(ShardStatus.Ok, put.Status);
        await StoreAssert.ReadsBackAsync(store, write.Key, write.Data.ToArray());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(4090, 20)]
    [InlineData(4096, 4096)]
    [InlineData(9000, 5000)]
    [InlineData(12287, 1)]
    public async Task ReadRange_AcrossBlocks_ReturnsTheSlice(int offset, int count)
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(2, length: 12_288, blockSize: 4096);
        await store.PutAsync(write);
        var buffer = new byte[count];
        var read = await store.ReadAsync(write.Key, offset, buffer);
        Assert.Equal(ShardStatus.Ok, read.Status);
        int expected = Math.Min(count, write.Data.Length - offset);
        Assert.Equal(expected, read.BytesRead);
        Assert.Equal(write.Data.Slice(offset, expected).ToArray(), buffer[..read.BytesRead]);
    }

    [Fact]
    public async Task Read_PastTheEnd_ReturnsZeroBytes()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(3, length: 100);
        await store.PutAsync(write);
        var read = await store.ReadAsync(write.Key, 100, new byte[10]);
        Assert.Equal(new ReadOutcome(ShardStatus.Ok, 0, 100), read);
    }

    [Fact]
    public async Task Read_UnknownShard_IsNotFound()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(new ShardKey(Shards.Id(99), 1, 0), 0, new byte[1])).Status);
    }

    [Fact]
    public async Task Delete_ThenRead_IsNotFoundAndStaysDeletedAfterRestart()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        var write = Shards.Write(4);
        await store.PutAsync(write);
        Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(write.Key));
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(write.Key, 0, new byte[1])).Status);
        Assert.Null(await store.GetManifestAsync(write.Key.Object));
        store = await h.OpenAsync();
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(write.Key, 0, new byte[1])).Status);
    }

    [Fact]
    public async Task Put_SurvivesRestart_WithManifest()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        var write = Shards.Write(5);
        await store.PutAsync(write);
        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, write.Key, write.Data.ToArray());
        var manifest = await store.GetManifestAsync(write.Key.Object);
        Assert.NotNull(manifest);
        Assert.Equal(write.Manifest.Sha256, manifest.Sha256);
    }

    [Fact]
    public async Task List_ReturnsEveryShardOfAnObjectInOrder()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        for (ushort s = 0; s < 6; s++)
        {
            await store.PutAsync(Shards.Write(6, shard: s, length: 1000));
        }

        await store.PutAsync(Shards.Write(7));
        var listed = new List<ShardInfo>();
        await foreach (var info in store.ListAsync(Shards.Id(6)))
        {
            listed.Add(info);
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => (ushort)i), listed.Select(l => l.Key.ShardIndex));
    }

    [Fact]
    public async Task Put_ShardIndexBeyondKPlusM_IsInvalid()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        Assert.Equal(ShardStatus.Invalid, (await store.PutAsync(Shards.Write(8, shard: 6))).Status);
    }

    [Fact]
    public async Task Open_BlankDiskHeldBackAsUnmounted_RefusedSayingSo()
    {
        // Sweep W2: `disks` called it Unformatted, which reads as "format it": the step the guard exists to prevent.
        await using var h = new StoreHarness(disks: 1);
        var blank = h.TempPath("disk-unmounted");
        h.DiskRoots = [.. h.DiskRoots, blank];
        h.LooksUnmounted = new HashSet<string> { blank };
        var store = await h.OpenAsync();

        var refused = Assert.Single(store.GetHealth().Disks, d => d.Root == blank);
        Assert.Equal((DiskState.Refused, DiskRefusalReason.LooksUnmounted), (refused.State, refused.Refusal));
        Assert.Contains("looks unmounted", DataDisk.Describe(blank, DiskRefusalReason.LooksUnmounted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_PreferredDisk_LandsThere()
    {
        await using var h = new StoreHarness(disks: 3);
        var store = await h.OpenAsync();
        var target = store.Disks[2].Id;
        var put = await store.PutAsync(Shards.Write(9, disk: target));
        Assert.Equal(target, put.Disk);
    }

    [Fact]
    public async Task Verify_IntactShard_IsOk()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(10);
        await store.PutAsync(write);
        Assert.Equal(ShardStatus.Ok, (await store.VerifyAsync(write.Key)).Status);
    }

    [Fact]
    public async Task Puts_ManySegments_RotateAndSealOldOnes()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        for (int i = 0; i < 40; i++)
        {
            Assert.True((await store.PutAsync(Shards.Write(100 + i, length: 64 * 1024))).IsStored);
        }

        var segments = store.Disks[0].ListSegments();
        Assert.True(segments.Count >= 2, $"{segments.Count} segments");
        Assert.All(segments.SkipLast(1), s => Assert.True(Storage.Recovery.DiskRecovery.IsSealed(store.Disks[0].SegmentPath(s))));
        store = await h.OpenAsync();
        for (int i = 0; i < 40; i++)
        {
            var w = Shards.Write(100 + i, length: 64 * 1024);
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }
    }
}
