using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Store;

public sealed class LiveRecordsSinceTests
{
    [Fact]
    public async Task LiveRecordsSince_GivesTheLiveShardsStampedSinceWithTheirManifests()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        var before = Shards.Write(1);
        await store.PutAsync(before);
        await Task.Delay(20);
        var since = DateTimeOffset.UtcNow;
        var kept = Shards.Write(2);
        var deleted = Shards.Write(3);
        await store.PutAsync(kept);
        await store.PutAsync(deleted);
        await store.DeleteAsync(deleted.Key);

        var found = store.LiveRecordsSince(since);

        var record = Assert.Single(found);
        Assert.Equal(kept.Key, record.Key);
        Assert.Equal(Archive.Storage.Records.ManifestCodec.Encode(kept.Manifest), Archive.Storage.Records.ManifestCodec.Encode(record.Manifest));
        Assert.Equal(3, store.LiveRecordsSince(since - TimeSpan.FromMinutes(1)).Count() + 1); // with `before`, without the deleted one
        Assert.Empty(store.LiveRecordsSince(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task LiveRecordsSince_AfterARestart_StillFindsThem()
    {
        await using var h = new StoreHarness();
        var store = await h.OpenAsync();
        var since = DateTimeOffset.UtcNow;
        var write = Shards.Write(4);
        await store.PutAsync(write);

        store = await h.OpenAsync();

        Assert.Equal(write.Key, Assert.Single(store.LiveRecordsSince(since)).Key);
    }
}
