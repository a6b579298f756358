using Archive.Storage.Indexing;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

public sealed class SegmentFaultTests
{
    [Fact]
    public async Task TornTail_PartialRecordAfterLastAck_IsCutAndWritesResume()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var a = Shards.Write(1);
        await store.PutAsync(a);
        h.Index!.TryGetShard(a.Key, out var location);
        string path = store.Disks[0].SegmentPath(location.SegmentId);
        await h.CloseAsync();

        // A torn write: the first half of another record, never acknowledged.
        var torn = new byte[4000];
        Storage.Records.ShardRecordWriter.WriteShard(new byte[20_000] is var full ? full : full, Shards.Write(2).Manifest, 0, Shards.Write(2).Data.Span, sequence: 1);
        Array.Copy(full, torn, torn.Length);
        using (var f = new FileStream(path, FileMode.Append))
        {
            f.Write(torn);
        }

        store = await h.OpenAsync();
        Assert.Equal(1, store.Recovery[store.Disks[0].Id].TruncatedTails);
        Assert.Equal(location.End, new FileInfo(path).Length);
        await StoreAssert.ReadsBackAsync(store, a.Key, a.Data.ToArray());
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(Shards.Write(2).Key, 0, new byte[1])).Status);
        var b = Shards.Write(3);
        Assert.True((await store.PutAsync(b)).IsStored);
        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, b.Key, b.Data.ToArray());
    }

    [Fact]
    public async Task TruncatedSegment_AckedRecordCutOff_IsFlaggedMissing()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var a = Shards.Write(1);
        var b = Shards.Write(2);
        await store.PutAsync(a);
        await store.PutAsync(b);
        h.Index!.TryGetShard(b.Key, out var location);
        string path = store.Disks[0].SegmentPath(location.SegmentId);
        await h.CloseAsync();
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(handle, location.Offset + 100);
        }

        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, a.Key, a.Data.ToArray());
        Assert.Equal(ShardStatus.Missing, (await store.ReadAsync(b.Key, 0, new byte[10])).Status);
        Assert.Equal(1, store.FlaggedMissing);
    }

    [Fact]
    public async Task DeletedSegment_ItsShardsAreFlaggedMissing_OthersServe()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 40).Select(i => Shards.Write(i, length: 64 * 1024)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        h.Index!.TryGetShard(writes[0].Key, out var first);
        var victims = h.Index.EnumerateShards().Where(e => e.Location.SegmentId == first.SegmentId).Select(e => e.Key).ToHashSet();
        string path = store.Disks[0].SegmentPath(first.SegmentId);
        await h.CloseAsync();
        File.Delete(path);

        store = await h.OpenAsync();
        Assert.Equal(victims.Count, store.FlaggedMissing);
        foreach (var w in writes)
        {
            if (victims.Contains(w.Key))
            {
                Assert.Equal(ShardStatus.Missing, (await store.ReadAsync(w.Key, 0, new byte[1])).Status);
            }
            else
            {
                await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
            }
        }

        var listed = new List<ShardInfo>();
        await foreach (var info in store.ListAsync())
        {
            listed.Add(info);
        }

        Assert.Equal(victims.Count, listed.Count(l => l.State == ShardState.Missing));
    }

    [Fact]
    public async Task LostIndexTail_RecordsBeyondCheckpointAreReindexed()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 10).Select(i => Shards.Write(i)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        // Simulate a power cut that lost the last unsynced index writes: drop entries and the checkpoint.
        var batch = new IndexBatch();
        foreach (var w in writes.Skip(5))
        {
            batch.DeleteShard(w.Key);
        }

        foreach (var c in h.Index!.EnumerateCheckpoints())
        {
            batch.DeleteCheckpoint(c.Disk, c.SegmentId);
        }

        h.Index.Commit(batch, durable: true);
        store = await h.OpenAsync();
        Assert.Equal(10, store.Recovery[store.Disks[0].Id].Reindexed);
        foreach (var w in writes)
        {
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CrashBetweenCreatingAndSealing_OldSegmentIsSealedAtStart()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        for (int i = 0; i < 20; i++)
        {
            await store.PutAsync(Shards.Write(i, length: 64 * 1024));
        }

        var disk = store.Disks[0];
        var first = disk.SegmentPath(disk.ListSegments()[0]);
        await h.CloseAsync();
        File.SetUnixFileMode(first, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        store = await h.OpenAsync();
        Assert.True(Storage.Recovery.DiskRecovery.IsSealed(first));
        Assert.NotEqual(store.Disks[0].ListSegments()[0], store.Disks[0].ListSegments()[^1]);
    }
}
