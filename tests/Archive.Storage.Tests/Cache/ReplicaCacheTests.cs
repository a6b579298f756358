using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Archive.Testing.Diagnostics;

namespace Archive.Storage.Tests.Cache;

public sealed class ReplicaCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestMeterFactory _meters = new();

    private ReplicaCache Open(long capacity = 1 << 20) =>
        new(new ReplicaCacheOptions { Directory = _temp.Sub("cache"), CapacityBytes = capacity }, TimeProvider.System, new StorageMetrics(_meters), NullLogger<ReplicaCache>.Instance);

    private static (ObjectKey Key, byte[] Data, Sha256Digest Sha) Object(int n, int length = 10_000)
    {
        var data = Shards.Content(Shards.Id(n), 0, length);
        return (new ObjectKey(Shards.Id(n), 1), data, Sha256Digest.Compute(data));
    }

    [Fact]
    public void Get_AfterPut_IsVerifiedHit()
    {
        using var counters = new CounterRecorder(_meters);
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        Assert.Equal(CacheLookup.Hit, cache.TryGet(o.Key, o.Sha, out var data));
        Assert.Equal(o.Data, data.ToArray());
        Assert.Equal(CacheLookup.Miss, cache.TryGet(Object(2).Key, null, out _));
        Assert.Equal((1, 1), (counters["archive.storage.cache.hits"], counters["archive.storage.cache.misses"]));
    }

    [Fact]
    public async Task PutFromStream_ManyPieces_IsVerifiedHit()
    {
        var cache = Open(capacity: 4 << 20);
        var o = Object(1, length: 300_001); // three 128 KiB pieces and a tail
        using var stream = new MemoryStream(o.Data);
        stream.Seek(1000, SeekOrigin.Begin); // copied from the start whatever the position

        Assert.True(await cache.PutAsync(o.Key, stream, o.Sha));

        Assert.Equal(CacheLookup.Hit, cache.TryGet(o.Key, o.Sha, out var data));
        Assert.Equal(o.Data, data.ToArray());
    }

    [Fact]
    public async Task PutFromStream_EndsBeforeItsLength_NothingCachedNoFileLeft()
    {
        var cache = Open();
        var o = Object(1, length: 200_000);
        using var stream = new ShortStream(o.Data, claimedLength: 250_000);

        await Assert.ThrowsAsync<IOException>(() => cache.PutAsync(o.Key, stream, o.Sha));

        Assert.Equal(0, cache.Count);
        Assert.Empty(Directory.EnumerateFiles(_temp.Sub("cache")));
    }

    [Fact]
    public void Get_CorruptedEntry_IsDroppedNotServed()
    {
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        var file = Directory.EnumerateFiles(_temp.Sub("cache")).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 1;
        File.WriteAllBytes(file, bytes);
        Assert.Equal(CacheLookup.Corrupt, cache.TryGet(o.Key, null, out var data));
        Assert.Equal(0, data.Count);
        Assert.Equal(0, cache.Count);
        Assert.Empty(Directory.EnumerateFiles(_temp.Sub("cache")));
    }

    [Fact]
    public void Get_ExpectedDigestDiffers_IsCorrupt()
    {
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        Assert.Equal(CacheLookup.Corrupt, cache.TryGet(o.Key, Object(2).Sha, out _));
    }

    [Fact]
    public void Put_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = Open(capacity: 4 * 10_100);
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        cache.Put(objects[0].Key, objects[0].Data, objects[0].Sha);
        cache.Put(objects[1].Key, objects[1].Data, objects[1].Sha);
        cache.Put(objects[2].Key, objects[2].Data, objects[2].Sha);
        cache.Put(objects[3].Key, objects[3].Data, objects[3].Sha);
        Assert.Equal(CacheLookup.Hit, cache.TryGet(objects[0].Key, null, out _)); // 1 is now the oldest
        cache.Put(objects[4].Key, objects[4].Data, objects[4].Sha);
        Assert.Equal(CacheLookup.Miss, cache.TryGet(objects[1].Key, null, out _));
        Assert.Equal(CacheLookup.Hit, cache.TryGet(objects[0].Key, null, out _));
        Assert.True(cache.SizeBytes <= 4 * 10_100);
    }

    [Fact]
    public void Cache_SurvivesRestart_WithItsEntries()
    {
        var o = Object(1);
        Open().Put(o.Key, o.Data, o.Sha);
        File.WriteAllText(Path.Combine(_temp.Sub("cache"), "x.acache.tmp"), "torn");
        var reopened = Open();
        Assert.Equal(1, reopened.Count);
        Assert.Equal(CacheLookup.Hit, reopened.TryGet(o.Key, o.Sha, out _));
        Assert.False(File.Exists(Path.Combine(_temp.Sub("cache"), "x.acache.tmp")));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _temp.Dispose();
    }

    /// <summary>A stream that claims more bytes than it holds (a spool cut short underneath).</summary>
    private sealed class ShortStream(byte[] data, long claimedLength) : MemoryStream(data)
    {
        public override long Length => claimedLength;
    }
}
