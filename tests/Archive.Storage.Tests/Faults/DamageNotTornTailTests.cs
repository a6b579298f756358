using Archive.Index;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Recovery;
using Archive.Storage.Segments;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

/// <summary>
/// Damage in the middle of a segment is not a torn write: the valid records after it are kept by recovery, by the
/// offline rebuild and by the scanner; a segment file or a whole disk lost while the node was down is reported, not
/// silently replaced.
/// </summary>
public sealed class DamageNotTornTailTests
{
    [Fact]
    public async Task FlippedByteMidOpenSegment_RecoveryKeepsTheRecordsAfterIt_AndTheScanReportsTheDamage()
    {
        await using var h = new StoreHarness(disks: 1);
        var (store, writes) = await WriteAsync(h, 3);

        h.Index!.TryGetShard(writes[1].Key, out var middle);
        h.Index.TryGetShard(writes[2].Key, out var last);
        string path = store.Disks[0].SegmentPath(middle.SegmentId);

        // The next start rescans the open segment (as after a lost index tail): the damage must not be cut as a torn tail.
        var batch = new IndexBatch();
        foreach (var c in h.Index.EnumerateCheckpoints())
        {
            batch.DeleteCheckpoint(c.Disk, c.SegmentId);
        }

        h.Index.Commit(batch, durable: true);
        await h.CloseAsync();
        long length = new FileInfo(path).Length;
        SegmentDamage.FlipByte(path, middle.Offset + (middle.RecordLength / 2));

        var scan = SegmentScanner.Scan(path, null, 0, null);
        Assert.False(scan.HasInvalidTail);
        Assert.Equal(2, scan.Records);
        var damaged = Assert.Single(scan.Damaged);
        Assert.Equal(middle.Offset, damaged.Offset);
        Assert.Equal(writes[1].Key, damaged.Shard);

        store = await h.OpenAsync();
        Assert.Equal(0, store.Recovery[store.Disks[0].Id].TruncatedTails);
        Assert.Equal(length, new FileInfo(path).Length);
        await StoreAssert.ReadsBackAsync(store, writes[0].Key, writes[0].Data.ToArray());
        await StoreAssert.ReadsBackAsync(store, writes[2].Key, writes[2].Data.ToArray());
        Assert.Equal(last.Offset, (h.Index!.TryGetShard(writes[2].Key, out var after) ? after : default).Offset);
    }

    [Fact]
    public async Task FlippedByteThenIndexRebuiltFromTheDisks_TheDamagedShardIsIndexedCorrupt_TheOthersLive()
    {
        await using var h = new StoreHarness(disks: 1);
        var (store, writes) = await WriteAsync(h, 3);

        h.Index!.TryGetShard(writes[1].Key, out var middle);
        string path = store.Disks[0].SegmentPath(middle.SegmentId);
        await h.CloseAsync();
        SegmentDamage.FlipByte(path, middle.Offset + (middle.RecordLength / 2));
        Assert.Equal(1, RebuildIndexFromTheDisks(h).InvalidTails); // the fast disk lost

        store = await h.OpenAsync();
        Assert.True(h.Index!.TryGetShard(writes[1].Key, out var flagged));
        Assert.Equal(ShardState.Corrupt, flagged.State);
        await StoreAssert.ReadsBackAsync(store, writes[0].Key, writes[0].Data.ToArray());
        await StoreAssert.ReadsBackAsync(store, writes[2].Key, writes[2].Data.ToArray());
    }

    [Fact]
    public async Task FlippedByteInTheLastRecord_IsDamageNotATornTail_EvenAfterAnIndexRebuild()
    {
        await using var h = new StoreHarness(disks: 1);
        var (store, writes) = await WriteAsync(h, 2);

        h.Index!.TryGetShard(writes[1].Key, out var last);
        string path = store.Disks[0].SegmentPath(last.SegmentId);
        await h.CloseAsync();
        long length = new FileInfo(path).Length;
        Assert.Equal(last.End, length);
        SegmentDamage.FlipByte(path, length - 100);

        var scan = SegmentScanner.Scan(path, null, 0, null);
        Assert.False(scan.HasInvalidTail);
        Assert.Equal(last.Offset, Assert.Single(scan.Damaged).Offset);

        RebuildIndexFromTheDisks(h);

        store = await h.OpenAsync();
        Assert.Equal(0, store.Recovery[store.Disks[0].Id].TruncatedTails);
        Assert.Equal(length, new FileInfo(path).Length);
        Assert.True(h.Index!.TryGetShard(writes[1].Key, out var flagged));
        Assert.Equal(ShardState.Corrupt, flagged.State);
    }

    [Fact]
    public async Task LastSegmentDeletedWhileDown_ItsIdIsNotReused_SoItsShardsStayMissing()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var a = Shards.Write(1);
        await store.PutAsync(a);
        h.Index!.TryGetShard(a.Key, out var location);
        string path = store.Disks[0].SegmentPath(location.SegmentId);
        await h.CloseAsync();
        File.Delete(path);

        store = await h.OpenAsync();
        var b = Shards.Write(2);
        Assert.True((await store.PutAsync(b)).IsStored);
        h.Index.TryGetShard(b.Key, out var placed);
        Assert.True(placed.SegmentId > location.SegmentId, $"new segment {placed.SegmentId} reuses the deleted {location.SegmentId}");
        Assert.Equal(ShardStatus.Missing, (await store.ReadAsync(a.Key, 0, new byte[1])).Status);
        Assert.Contains(store.FindLost(store.Disks[0].Id), f => f.Key == a.Key && f.Status == ShardStatus.Missing);
    }

    [Fact]
    public async Task DiskGoneWhileDown_IsReportedFailed_AndItsShardsAreFoundLost()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 6).Select(i => Shards.Write(i)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        // The disk holding the most shards is lost; the other stays configured.
        var lostDisk = h.Index!.EnumerateShards().GroupBy(e => e.Location.Disk).MaxBy(g => g.Count())!.Key;
        var onLost = h.Index.EnumerateShards().Where(e => e.Location.Disk == lostDisk).Select(e => e.Key).ToHashSet();
        var kept = store.Disks.Single(d => d.Id != lostDisk).Root;
        await h.CloseAsync();
        h.DiskRoots = [kept]; // its directory is no longer configured (or no longer carries its label)

        store = await h.OpenAsync();
        Assert.Contains(lostDisk, store.ScanDisks);
        var health = Assert.Single(store.GetHealth().Disks, d => d.Disk == lostDisk);
        Assert.Equal(DiskState.Failed, health.State);
        Assert.Equal(onLost, store.FindLost(lostDisk).Where(f => f.Status == ShardStatus.Missing).Select(f => f.Key).ToHashSet());
    }

    /// <summary>Opens the store and writes <paramref name="count"/> shards of 8 KiB into it (left open).</summary>
    private static async Task<(LocalShardStore Store, List<ShardWrite> Writes)> WriteAsync(StoreHarness h, int count)
    {
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, count).Select(i => Shards.Write(i, length: 8 * 1024)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        return (store, writes);
    }

    /// <summary>Drops the index and rebuilds it from the data disks, as <c>archivectl node rebuild-index</c> does.</summary>
    private static RebuildReport RebuildIndexFromTheDisks(StoreHarness h)
    {
        Directory.Delete(h.IndexDirectory, recursive: true);
        var disks = h.DiskRoots.Select(r => DiskProbe.Probe(r, h.Node, out var label) == DiskRefusalReason.None ? new DataDisk(r, label!) : throw new InvalidOperationException()).ToList();
        try
        {
            using var index = RocksShardIndex.Open(h.IndexDirectory);
            return IndexRebuilder.Rebuild(disks, index);
        }
        finally
        {
            foreach (var disk in disks)
            {
                disk.Dispose();
            }
        }
    }
}
