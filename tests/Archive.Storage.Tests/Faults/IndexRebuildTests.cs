using Archive.Index;
using Archive.Storage.Disks;
using Archive.Storage.Recovery;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

public sealed class IndexRebuildTests
{
    [Fact]
    public async Task WipedIndex_OfflineRebuild_GivesTheSameInventoryAndManifests()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 60).Select(i => Shards.Write(i, shard: (ushort)(i % 6), length: 20_000 + i)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        await store.DeleteAsync(writes[0].Key);
        await store.DeleteAsync(writes[7].Key);
        var before = h.Index!.EnumerateShards().ToList();
        var manifestsBefore = before.Select(e => h.Index.TryGetManifest(e.Key.Object, out var m) ? Convert.ToHexString(m) : "").ToList();
        await h.CloseAsync();
        Directory.Delete(h.IndexDirectory, recursive: true);

        var disks = h.DiskRoots.Select(r => DiskProbe.Probe(r, h.Node, out var label) == DiskRefusalReason.None ? new DataDisk(r, label!) : throw new InvalidOperationException()).ToList();
        var reports = new List<RebuildProgress>();
        RebuildReport report;
        using (var index = RocksShardIndex.Open(h.IndexDirectory))
        {
            report = IndexRebuilder.Rebuild(disks, index, new SyncProgress(reports));
            Assert.Equal(before, index.EnumerateShards().ToList());
            Assert.Equal(manifestsBefore, before.Select(e => index.TryGetManifest(e.Key.Object, out var m) ? Convert.ToHexString(m) : "").ToList());
        }

        foreach (var d in disks)
        {
            d.Dispose();
        }

        Assert.Equal(62, report.Records);
        Assert.Equal(report.Bytes, reports[^1].TotalBytes);
        store = await h.OpenAsync();
        Assert.Equal(0, store.Recovery.Values.Sum(r => r.Reindexed));
        foreach (var w in writes.Where(w => w != writes[0] && w != writes[7]))
        {
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }
    }

    [Fact]
    public async Task WipedIndex_PlainRestart_RecoversEverythingFromSegments()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 20).Select(i => Shards.Write(i)).ToList();
        foreach (var w in writes)
        {
            await store.PutAsync(w);
        }

        var before = h.Index!.EnumerateShards().ToList();
        await h.CloseAsync();
        Directory.Delete(h.IndexDirectory, recursive: true);
        store = await h.OpenAsync();
        Assert.Equal(before, h.Index!.EnumerateShards().ToList());
    }

    private sealed class SyncProgress(List<RebuildProgress> sink) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => sink.Add(value);
    }
}
