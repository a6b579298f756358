using Archive.Storage.Compaction;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Compaction;

public sealed class SegmentCompactorTests
{
    [Fact]
    public async Task Compact_AfterDeletes_ReclaimsSpace_LiveShardsReadBack_DeletedStayDeleted()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 40).Select(i => Shards.Write(i, length: 64 * 1024)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        var deleted = writes.Where((_, i) => i % 4 != 0).ToList();
        foreach (var w in deleted)
        {
            Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(w.Key));
        }

        var compactor = new SegmentCompactor(store);
        var disk = store.Disks[0].Id;
        var usage = compactor.GetUsage(disk);
        Assert.NotEmpty(usage);
        long reclaimed = 0;
        foreach (var segment in usage)
        {
            var result = await compactor.CompactAsync(disk, segment.SegmentId);
            Assert.Equal(CompactionStatus.Compacted, result.Status);
            reclaimed += result.ReclaimedBytes;
            Assert.False(File.Exists(store.Disks[0].SegmentPath(segment.SegmentId)));
        }

        Assert.True(reclaimed > 20 * 64 * 1024, $"reclaimed {reclaimed}");
        foreach (var phase in new[] { "live", "restarted" })
        {
            foreach (var w in writes.Except(deleted))
            {
                await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
            }

            foreach (var w in deleted)
            {
                Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(w.Key, 0, new byte[1])).Status);
            }

            store = await h.OpenAsync();
        }
    }

    [Fact]
    public async Task Compact_OpenSegment_IsRefused()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        await store.PutAsync(Shards.Write(1));
        var segments = store.Disks[0].ListSegments();
        var result = await new SegmentCompactor(store).CompactAsync(store.Disks[0].Id, segments[^1]);
        Assert.Equal(CompactionStatus.NotSealed, result.Status);
    }

    [Fact]
    public async Task Compact_TombstoneOfKeyPutAgain_DoesNotDeleteTheNewShard()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var first = Shards.Write(1, length: 64 * 1024);
        await store.PutAsync(first);
        await store.DeleteAsync(first.Key);
        var again = first with { Data = Shards.Content(Shards.Id(2), 0, 50_000) };
        await store.PutAsync(again);
        for (int i = 10; i < 40; i++)
        {
            await store.PutAsync(Shards.Write(i, length: 64 * 1024));
        }

        var compactor = new SegmentCompactor(store);
        foreach (var segment in compactor.GetUsage(store.Disks[0].Id))
        {
            Assert.Equal(CompactionStatus.Compacted, (await compactor.CompactAsync(store.Disks[0].Id, segment.SegmentId)).Status);
        }

        await StoreAssert.ReadsBackAsync(store, again.Key, again.Data.ToArray());
        await h.CloseAsync();
        Directory.Delete(h.IndexDirectory, recursive: true);
        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, again.Key, again.Data.ToArray());
    }

    [Fact]
    public async Task RelocationOfDeletedShard_IsDroppedUnwritten()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(1);
        await store.PutAsync(write);
        Assert.True(h.Index!.TryGetShard(write.Key, out var location));
        var disk = store.Disks[0];
        var record = new byte[location.RecordLength];
        Assert.True(disk.Readers.TryReadExactly(location.SegmentId, location.Offset, record));
        await store.DeleteAsync(write.Key);
        string active = disk.SegmentPath(disk.ListSegments()[^1]);
        long before = new FileInfo(active).Length;

        var copy = new Storage.GroupCommit.AppendRequest(record, write.Key, Storage.Records.RecordKind.Shard, null, location, relocation: true);
        var outcome = await store.Appender(disk.Id)!.AppendAsync(copy, CancellationToken.None);

        Assert.Equal(Storage.GroupCommit.AppendStatus.Superseded, outcome.Status);
        Assert.Equal(before, new FileInfo(active).Length);
        Assert.False(h.Index.TryGetShard(write.Key, out _));
    }
}
