using Archive.Index;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Recovery;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Recovery;

/// <summary>
/// Two records of one shard key on two disks: the rebuild must keep the newer, whatever order the
/// disks are scanned in (disk 0 is scanned first, so a stale record on disk 1 used to win).
/// </summary>
public sealed class RecordOrderRebuildTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoCopiesOnTwoDisks_Rebuild_KeepsTheNewer(bool offline)
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var (disk0, disk1) = (store.Disks[0].Id, store.Disks[1].Id);
        var older = Shards.Write(1, length: 5_000, disk: disk1);
        var newer = Shards.Write(1, length: 7_000, disk: disk0); // same key, e.g. repair rewrote it elsewhere
        await store.PutAsync(older);
        await store.PutAsync(newer);
        Assert.True(h.Index!.TryGetShard(newer.Key, out var before));
        Assert.Equal(disk0, before.Disk);

        store = await RebuildAsync(h, offline);

        Assert.True(h.Index!.TryGetShard(newer.Key, out var after));
        Assert.Equal(before, after);
        await StoreAssert.ReadsBackAsync(store, newer.Key, newer.Data.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TombstoneAfterAPut_Rebuild_KeepsTheKeyDeleted(bool offline)
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var (disk0, disk1) = (store.Disks[0].Id, store.Disks[1].Id);
        await store.PutAsync(Shards.Write(1, disk: disk1));
        await store.PutAsync(Shards.Write(1, disk: disk0));
        var key = Shards.Write(1).Key;
        Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(key)); // tombstone on disk 0, scanned before disk 1's put

        store = await RebuildAsync(h, offline);

        Assert.False(h.Index!.TryGetShard(key, out _));
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(key, 0, new byte[1])).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutAfterATombstone_Rebuild_KeepsThePut(bool offline)
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var (disk0, disk1) = (store.Disks[0].Id, store.Disks[1].Id);
        await store.PutAsync(Shards.Write(1, disk: disk1));
        var key = Shards.Write(1).Key;
        Assert.Equal(ShardStatus.Ok, await store.DeleteAsync(key)); // tombstone on disk 1, scanned last
        var again = Shards.Write(1, length: 3_000, disk: disk0);
        await store.PutAsync(again);

        store = await RebuildAsync(h, offline);

        await StoreAssert.ReadsBackAsync(store, again.Key, again.Data.ToArray());
    }

    [Fact]
    public async Task Sequences_IncreaseAcrossRestarts_EvenWhenTheClockStepsBack()
    {
        var clock = new SteppingClock(DateTimeOffset.UnixEpoch.AddYears(60));
        await using var h = new StoreHarness(disks: 1) { Time = clock };
        var store = await h.OpenAsync();
        await store.PutAsync(Shards.Write(1));
        ulong first = SequenceOf(h, Shards.Write(1).Key);
        clock.Now = DateTimeOffset.UnixEpoch.AddYears(50);

        store = await h.OpenAsync();
        await store.PutAsync(Shards.Write(2));

        Assert.True(SequenceOf(h, Shards.Write(2).Key) > first);
    }

    private static ulong SequenceOf(StoreHarness h, ShardKey key)
    {
        Assert.True(h.Index!.TryGetShard(key, out var location));
        var header = new byte[ShardRecordFormat.HeaderLength];
        using (var file = File.OpenRead(h.Store!.Disks.Single(d => d.Id == location.Disk).SegmentPath(location.SegmentId)))
        {
            file.Position = location.Offset;
            file.ReadExactly(header);
        }

        ShardRecordHeader.TryRead(header, out var parsed);
        return parsed.Sequence;
    }

    /// <summary>Wipes the index, then rebuilds it offline (archivectl node rebuild-index) or by a plain restart.</summary>
    private static async Task<LocalShardStore> RebuildAsync(StoreHarness h, bool offline)
    {
        await h.CloseAsync();
        Directory.Delete(h.IndexDirectory, recursive: true);
        if (offline)
        {
            var disks = h.DiskRoots.Select(r => DiskProbe.Probe(r, h.Node, out var label) == DiskRefusalReason.None ? new DataDisk(r, label!) : throw new InvalidOperationException()).ToList();
            using (var index = RocksShardIndex.Open(h.IndexDirectory))
            {
                IndexRebuilder.Rebuild(disks, index);
            }

            disks.ForEach(d => d.Dispose());
        }

        return await h.OpenAsync();
    }

    private sealed class SteppingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
