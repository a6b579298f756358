using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Tests.Support;
using Archive.Testing.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Storage.Tests.Cache;

public sealed class ReplicaCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestMeterFactory _meters = new();

    private ReplicaCache Open(long capacity = 1 << 20) =>
        new(new ReplicaCacheOptions { Directory = _temp.Sub("cache"), CapacityBytes = capacity }, TimeProvider.System, new StorageMetrics(_meters), NullLogger<ReplicaCache>.Instance);

    /// <summary>Looks an entry up, copying it out; the bytes are what was written whatever the outcome.</summary>
    private static async Task<(CacheLookup Lookup, byte[] Data)> Get(ReplicaCache cache, ObjectKey key, Sha256Digest? expected)
    {
        using var destination = new MemoryStream();
        var lookup = await cache.TryCopyToAsync(key, expected, destination);
        return (lookup, destination.ToArray());
    }

    private static void AssertHit(byte[] expected, (CacheLookup Lookup, byte[] Data) got)
    {
        Assert.Equal(CacheLookup.Hit, got.Lookup);
        Assert.Equal(expected, got.Data);
    }

    private static (ObjectKey Key, byte[] Data, Sha256Digest Sha) Object(int n, int length = 10_000)
    {
        var data = Shards.Content(Shards.Id(n), 0, length);
        return (new ObjectKey(Shards.Id(n), 1), data, Sha256Digest.Compute(data));
    }

    [Fact]
    public async Task Get_AfterPut_IsVerifiedHit()
    {
        using var counters = new MeasurementRecorder(_meters);
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
        Assert.Equal(CacheLookup.Miss, (await Get(cache, Object(2).Key, null)).Lookup);
        Assert.Equal((1, 1), (counters.Total("archive.storage.cache.hits"), counters.Total("archive.storage.cache.misses")));
    }

    [Fact]
    public async Task PutFromStream_ManyPieces_IsVerifiedHit()
    {
        var cache = Open(capacity: 4 << 20);
        var o = Object(1, length: 300_001); // three 128 KiB pieces and a tail
        using var stream = new MemoryStream(o.Data);
        stream.Seek(1000, SeekOrigin.Begin); // copied from the start whatever the position

        Assert.True(await cache.PutAsync(o.Key, stream, o.Sha));

        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
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
    public async Task Get_CorruptedEntry_IsDroppedNotServed()
    {
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        var file = Directory.EnumerateFiles(_temp.Sub("cache")).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 1;
        File.WriteAllBytes(file, bytes);
        Assert.Equal(CacheLookup.Corrupt, (await Get(cache, o.Key, null)).Lookup);
        Assert.Equal(0, cache.Count);
        Assert.Empty(Directory.EnumerateFiles(_temp.Sub("cache")));
    }

    [Fact]
    public async Task Get_ExpectedDigestDiffers_IsCorruptBeforeAnyByteIsCopied()
    {
        var cache = Open();
        var o = Object(1);
        cache.Put(o.Key, o.Data, o.Sha);
        var (lookup, copied) = await Get(cache, o.Key, Object(2).Sha);
        Assert.Equal(CacheLookup.Corrupt, lookup);
        Assert.Empty(copied);
    }

    [Fact]
    public async Task Get_EntryCutShort_IsCorrupt()
    {
        var cache = Open(capacity: 4 << 20);
        var o = Object(1, length: 300_000);
        cache.Put(o.Key, o.Data, o.Sha);
        var file = Directory.EnumerateFiles(_temp.Sub("cache")).Single();
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(handle, 200_000);
        }

        Assert.Equal(CacheLookup.Corrupt, (await Get(cache, o.Key, o.Sha)).Lookup);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Get_DestinationFails_ThrowsAndKeepsTheEntry()
    {
        var cache = Open(capacity: 4 << 20);
        var o = Object(1, length: 300_000);
        cache.Put(o.Key, o.Data, o.Sha);

        await Assert.ThrowsAsync<IOException>(() => cache.TryCopyToAsync(o.Key, o.Sha, new FailingStream()));

        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
    }

    [Fact]
    public async Task Put_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = Open(capacity: 4 * 10_100);
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        cache.Put(objects[0].Key, objects[0].Data, objects[0].Sha);
        cache.Put(objects[1].Key, objects[1].Data, objects[1].Sha);
        cache.Put(objects[2].Key, objects[2].Data, objects[2].Sha);
        cache.Put(objects[3].Key, objects[3].Data, objects[3].Sha);
        Assert.Equal(CacheLookup.Hit, (await Get(cache, objects[0].Key, null)).Lookup); // 1 is now the oldest
        cache.Put(objects[4].Key, objects[4].Data, objects[4].Sha);
        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[1].Key, null)).Lookup);
        Assert.Equal(CacheLookup.Hit, (await Get(cache, objects[0].Key, null)).Lookup);
        Assert.True(cache.SizeBytes <= 4 * 10_100);
    }

    [Fact]
    public async Task Put_AScanOfFetchedObjects_ReplacesOnlyTheFetchedShareOfRecentIngest()
    {
        var cache = Open(capacity: 8 * 10_100); // eight entries; the fetched share holds two
        var stored = Enumerable.Range(0, 8).Select(i => Object(i)).ToList();
        var fetched = Enumerable.Range(100, 8).Select(i => Object(i)).ToList();
        stored.ForEach(o => cache.Put(o.Key, o.Data, o.Sha));
        fetched.ForEach(o => cache.Put(o.Key, o.Data, o.Sha, CacheAdmission.Fetched));

        // Plain LRU would now hold the eight fetched objects and none of the ingest. The first two fetches took the
        // two oldest ingested entries while the fetched share filled; from then on each fetch replaced the one before.
        var held = (await Task.WhenAll(stored.Concat(fetched).Select(async o => (await Get(cache, o.Key, o.Sha)).Lookup == CacheLookup.Hit))).ToArray();
        Assert.Equal([false, false, true, true, true, true, true, true], held[..8]);
        Assert.Equal([false, false, false, false, false, false, true, true], held[8..]);
        Assert.True(cache.SizeBytes <= 8 * 10_100);
    }

    [Fact]
    public async Task Get_HitOnAFetchedEntry_MakesItRecent()
    {
        var cache = Open(capacity: 4 * 10_100); // four entries; the fetched share holds one
        var objects = Enumerable.Range(0, 6).Select(i => Object(i)).ToList();
        objects.Take(3).ToList().ForEach(o => cache.Put(o.Key, o.Data, o.Sha));
        cache.Put(objects[3].Key, objects[3].Data, objects[3].Sha, CacheAdmission.Fetched);
        AssertHit(objects[3].Data, await Get(cache, objects[3].Key, objects[3].Sha));

        cache.Put(objects[4].Key, objects[4].Data, objects[4].Sha, CacheAdmission.Fetched); // evicts the oldest ingest, 0
        cache.Put(objects[5].Key, objects[5].Data, objects[5].Sha, CacheAdmission.Fetched); // over the share: evicts 4, not 3

        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[0].Key, null)).Lookup);
        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[4].Key, null)).Lookup);
        AssertHit(objects[3].Data, await Get(cache, objects[3].Key, objects[3].Sha));
        AssertHit(objects[5].Data, await Get(cache, objects[5].Key, objects[5].Sha));
    }

    [Fact]
    public async Task Cache_SurvivesRestart_WithItsEntries()
    {
        var o = Object(1);
        Open().Put(o.Key, o.Data, o.Sha);
        File.WriteAllText(Path.Combine(_temp.Sub("cache"), "x.acache.tmp"), "torn");
        var reopened = Open();
        Assert.Equal(1, reopened.Count);
        AssertHit(o.Data, await Get(reopened, o.Key, o.Sha));
        Assert.False(File.Exists(Path.Combine(_temp.Sub("cache"), "x.acache.tmp")));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _temp.Dispose();
    }

    /// <summary>A destination whose writes fail (a full spool disk).</summary>
    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("no space left on the spool disk"));
    }

    /// <summary>A stream that claims more bytes than it holds (a spool cut short underneath).</summary>
    private sealed class ShortStream(byte[] data, long claimedLength) : MemoryStream(data)
    {
        public override long Length => claimedLength;
    }
}
