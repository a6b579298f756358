using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Tests.Support;
using Archive.Testing.Diagnostics;
using Archive.Testing.Disks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Storage.Tests.Cache;

public sealed class ReplicaCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestMeterFactory _meters = new();

    private readonly List<ReplicaCache> _opened = [];

    /// <summary>A cache in the test's directory; <paramref name="segmentBytes"/> 1 gives every entry a segment of its own (exact eviction order).</summary>
    private ReplicaCache Open(long capacity = 1 << 20, long? segmentBytes = null, string? directory = null)
    {
        var cache = new ReplicaCache(new ReplicaCacheOptions { Directory = directory ?? _temp.Sub("cache"), CapacityBytes = capacity, SegmentBytes = segmentBytes }, new StorageMetrics(_meters), NullLogger<ReplicaCache>.Instance);
        _opened.Add(cache);
        return cache;
    }

    private string[] SegmentFiles() => Directory.GetFiles(_temp.Sub("cache")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Looks an entry up, copying it out; the bytes are what was written whatever the outcome.</summary>
    private static async Task<(CacheLookup Lookup, byte[] Data)> Get(ReplicaCache cache, ObjectKey key, Sha256Digest? expected)
    {
        using var destination = new MemoryStream();
        var lookup = await cache.TryCopyToAsync(key, expected, destination);
        return (lookup, destination.ToArray());
    }

    private static async Task Put(ReplicaCache cache, (ObjectKey Key, byte[] Data, Sha256Digest Sha) o, CacheAdmission admission = CacheAdmission.Stored) =>
        Assert.True(await cache.PutAsync(o.Key, new MemoryStream(o.Data), o.Sha, admission));

    private static async Task PutAll(ReplicaCache cache, IEnumerable<(ObjectKey Key, byte[] Data, Sha256Digest Sha)> objects, CacheAdmission admission = CacheAdmission.Stored)
    {
        foreach (var o in objects)
        {
            await Put(cache, o, admission);
        }
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
        await Put(cache, o);
        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
        Assert.Equal(CacheLookup.Miss, (await Get(cache, Object(2).Key, null)).Lookup);
        Assert.Equal((1, 1), (counters.Total("archive.storage.cache.hits"), counters.Total("archive.storage.cache.misses")));
    }

    [Fact]
    public async Task Put_TheSameObjectAgain_TakesNoMoreRoom_OtherBytesUnderTheKeyReplaceIt()
    {
        // Sweep E (session 19): 100 stores of one object took 100 copies' room, and pushed other objects out.
        var cache = Open();
        var o = Object(1);
        await Put(cache, o);
        var size = cache.SizeBytes;
        for (var i = 0; i < 5; i++)
        {
            await Put(cache, o);
        }

        Assert.Equal((size, 1), (cache.SizeBytes, cache.Count));
        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));

        var other = Object(2);
        await Put(cache, (o.Key, other.Data, other.Sha));
        Assert.True(cache.SizeBytes > size);
        AssertHit(other.Data, await Get(cache, o.Key, other.Sha));
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
    public async Task PutFromStream_EndsBeforeItsLength_NothingCached_AndItsPlaceIsSkippedAfterARestart()
    {
        var cache = Open();
        var o = Object(1, length: 200_000);
        using var stream = new ShortStream(o.Data, claimedLength: 250_000);

        await Assert.ThrowsAsync<IOException>(() => cache.PutAsync(o.Key, stream, o.Sha));

        Assert.Equal(0, cache.Count);
        var after = Object(2);
        await Put(cache, after);
        cache.Dispose();
        var reopened = Open();
        Assert.Equal(1, reopened.Count);
        AssertHit(after.Data, await Get(reopened, after.Key, after.Sha));
    }

    [Fact]
    public async Task Get_CorruptedEntry_IsDroppedNotServed()
    {
        var cache = Open();
        var o = Object(1);
        await Put(cache, o);
        var file = SegmentFiles().Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 1;
        File.WriteAllBytes(file, bytes);
        Assert.Equal(CacheLookup.Corrupt, (await Get(cache, o.Key, null)).Lookup);
        Assert.Equal(0, cache.Count);
        Assert.Equal(CacheLookup.Miss, (await Get(cache, o.Key, null)).Lookup);
    }

    [Fact]
    public async Task Get_CorruptedEntry_StaysDroppedAfterARestart_ItsNeighboursStay()
    {
        var cache = Open();
        var (first, bad, last) = (Object(1), Object(2), Object(3));
        await Put(cache, first);
        await Put(cache, bad);
        await Put(cache, last);
        var file = SegmentFiles().Single();
        var bytes = File.ReadAllBytes(file);
        bytes[(int)(bytes.Length / 2)] ^= 1; // in the middle record's object bytes
        File.WriteAllBytes(file, bytes);
        Assert.Equal(CacheLookup.Corrupt, (await Get(cache, bad.Key, null)).Lookup);
        cache.Dispose();

        var reopened = Open();
        Assert.Equal(2, reopened.Count);
        Assert.Equal(CacheLookup.Miss, (await Get(reopened, bad.Key, null)).Lookup);
        AssertHit(first.Data, await Get(reopened, first.Key, first.Sha));
        AssertHit(last.Data, await Get(reopened, last.Key, last.Sha));
    }

    [Fact]
    public async Task Get_ExpectedDigestDiffers_IsCorruptBeforeAnyByteIsCopied()
    {
        var cache = Open();
        var o = Object(1);
        await Put(cache, o);
        var (lookup, copied) = await Get(cache, o.Key, Object(2).Sha);
        Assert.Equal(CacheLookup.Corrupt, lookup);
        Assert.Empty(copied);
    }

    [Fact]
    public async Task Get_EntryCutShort_IsCorrupt()
    {
        var cache = Open(capacity: 4 << 20);
        var o = Object(1, length: 300_000);
        await Put(cache, o);
        var file = SegmentFiles().Single();
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
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
        await Put(cache, o);

        await Assert.ThrowsAsync<IOException>(() => cache.TryCopyToAsync(o.Key, o.Sha, new FailingStream()));

        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
    }

    [Fact]
    public async Task Put_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = Open(capacity: 4 * 10_100, segmentBytes: 1);
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        await Put(cache, objects[0]);
        await Put(cache, objects[1]);
        await Put(cache, objects[2]);
        await Put(cache, objects[3]);
        Assert.Equal(CacheLookup.Hit, (await Get(cache, objects[0].Key, null)).Lookup); // 1 is now the oldest
        await Put(cache, objects[4]);
        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[1].Key, null)).Lookup);
        Assert.Equal(CacheLookup.Hit, (await Get(cache, objects[0].Key, null)).Lookup);
        Assert.True(cache.SizeBytes <= 4 * 10_100);
        Assert.Equal(4, SegmentFiles().Length);
    }

    [Fact]
    public async Task Put_AScanOfFetchedObjects_ReplacesOnlyTheFetchedShareOfRecentIngest()
    {
        var cache = Open(capacity: 8 * 10_100, segmentBytes: 1); // eight entries; the fetched share holds two
        var stored = Enumerable.Range(0, 8).Select(i => Object(i)).ToList();
        var fetched = Enumerable.Range(100, 8).Select(i => Object(i)).ToList();
        await PutAll(cache, stored);
        await PutAll(cache, fetched, CacheAdmission.Fetched);

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
        var cache = Open(capacity: 4 * 10_100, segmentBytes: 1); // four entries; the fetched share holds one
        var objects = Enumerable.Range(0, 6).Select(i => Object(i)).ToList();
        await PutAll(cache, objects.Take(3));
        await Put(cache, objects[3], CacheAdmission.Fetched);
        AssertHit(objects[3].Data, await Get(cache, objects[3].Key, objects[3].Sha));

        await Put(cache, objects[4], CacheAdmission.Fetched); // evicts the oldest ingest, 0
        await Put(cache, objects[5], CacheAdmission.Fetched); // over the share: evicts 4, not 3

        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[0].Key, null)).Lookup);
        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[4].Key, null)).Lookup);
        AssertHit(objects[3].Data, await Get(cache, objects[3].Key, objects[3].Sha));
        AssertHit(objects[5].Data, await Get(cache, objects[5].Key, objects[5].Sha));
    }

    [Fact]
    public async Task Cache_SurvivesRestart_WithItsEntries_AndDropsFilesOfTheOldFormat()
    {
        var objects = Enumerable.Range(0, 10).Select(i => Object(i)).ToList();
        var cache = Open();
        await PutAll(cache, objects);
        Assert.Single(SegmentFiles()); // ten objects, one file
        cache.Dispose();
        var legacy = Path.Combine(_temp.Sub("cache"), "0000000000abcdef0000000000000123-v9.acache");
        File.WriteAllText(legacy, "an entry of format 1");
        File.WriteAllText(legacy + ".0123.tmp", "torn");

        var reopened = Open();

        Assert.Equal(10, reopened.Count);
        foreach (var o in objects)
        {
            AssertHit(o.Data, await Get(reopened, o.Key, o.Sha));
        }

        Assert.Single(SegmentFiles());
    }

    [Fact]
    public async Task Restart_AfterATornTail_KeepsTheWholeEntries_CutsTheRest_AndAppendsAfterThem()
    {
        var objects = Enumerable.Range(0, 3).Select(i => Object(i)).ToList();
        var cache = Open();
        await PutAll(cache, objects);
        cache.Dispose();
        var file = SegmentFiles().Single();
        long whole = new FileInfo(file).Length;
        using (var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(handle, whole - 100); // the last entry cut short by a crash
        }

        var reopened = Open();

        Assert.Equal(2, reopened.Count);
        AssertHit(objects[0].Data, await Get(reopened, objects[0].Key, objects[0].Sha));
        AssertHit(objects[1].Data, await Get(reopened, objects[1].Key, objects[1].Sha));
        Assert.Equal(CacheLookup.Miss, (await Get(reopened, objects[2].Key, null)).Lookup);
        Assert.Equal(2 * (CacheEntryHeader.Size + 10_000), new FileInfo(file).Length);
        await Put(reopened, objects[2]);
        reopened.Dispose();
        Assert.Equal(3, Open().Count);
    }

    [Fact]
    public async Task Evict_DropsTheOldestSegment_ButCopiesForwardTheEntriesHitSinceTheyWereWritten()
    {
        var cache = Open(capacity: 6 * (CacheEntryHeader.Size + 10_000), segmentBytes: 2 * (CacheEntryHeader.Size + 10_000)); // three segments of two
        var objects = Enumerable.Range(0, 7).Select(i => Object(i)).ToList();
        await PutAll(cache, objects.Take(6));
        AssertHit(objects[1].Data, await Get(cache, objects[1].Key, objects[1].Sha)); // in the oldest segment, with 0

        await Put(cache, objects[6]);

        var held = (await Task.WhenAll(objects.Select(async o => (await Get(cache, o.Key, o.Sha)).Lookup == CacheLookup.Hit))).ToArray();
        Assert.Equal([false, true, true, true, true, true, true], held); // 1 copied next to 6, in the room 0 left
        Assert.True(cache.SizeBytes <= 6 * (CacheEntryHeader.Size + 10_000));
    }

    [Fact]
    public async Task Evict_AnEntryHitLongAgo_IsDroppedLikeTheLeastRecentlyUsed()
    {
        var cache = Open(capacity: 4 * (CacheEntryHeader.Size + 10_000), segmentBytes: 1);
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        await Put(cache, objects[0]);
        AssertHit(objects[0].Data, await Get(cache, objects[0].Key, objects[0].Sha)); // then three others put: 0 is the least recently used

        await PutAll(cache, objects.Skip(1));

        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[0].Key, null)).Lookup);
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public async Task Evict_AHitEntryDamagedSince_IsDroppedNotCopiedForward()
    {
        var cache = Open(capacity: 4 * (CacheEntryHeader.Size + 10_000), segmentBytes: 1);
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        await PutAll(cache, objects.Take(4));
        AssertHit(objects[0].Data, await Get(cache, objects[0].Key, objects[0].Sha));
        var first = SegmentFiles()[0];
        using (var handle = File.OpenHandle(first, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            RandomAccess.Write(handle, new byte[] { 0xFF, 0xFE }, CacheEntryHeader.Size + 5_000);
        }

        await Put(cache, objects[4]);

        Assert.Equal(CacheLookup.Miss, (await Get(cache, objects[0].Key, null)).Lookup);
        AssertHit(objects[4].Data, await Get(cache, objects[4].Key, objects[4].Sha));
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public async Task Survey_CountsTheEntriesAndBytesOfTheSegments()
    {
        var cache = Open();
        var objects = Enumerable.Range(0, 5).Select(i => Object(i)).ToList();
        await PutAll(cache, objects);
        await Put(cache, objects[0]); // again: one entry, two records

        var (entries, bytes) = ReplicaCache.Survey(_temp.Sub("cache"));

        Assert.Equal((5L, cache.SizeBytes), (entries, bytes));
        Assert.Equal((0L, 0L), ReplicaCache.Survey(_temp.Sub("nothing-here")));
    }

    [Fact]
    public async Task ConcurrentPutsAndGets_EveryHitIsTheObject_WhileSegmentsAreEvicted()
    {
        const int Capacity = 48; // entries: more than the three other writers can put between a put and its own read back
        var cache = Open(capacity: Capacity * (CacheEntryHeader.Size + 10_000), segmentBytes: 8 * (CacheEntryHeader.Size + 10_000));
        var objects = Enumerable.Range(0, 60).Select(i => Object(i)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < objects.Count; i += 4)
            {
                await Put(cache, objects[i]);
                AssertHit(objects[i].Data, await Get(cache, objects[i].Key, objects[i].Sha));
                var earlier = objects[i / 2]; // another writer's, maybe evicted by now
                var (lookup, data) = await Get(cache, earlier.Key, earlier.Sha);
                Assert.NotEqual(CacheLookup.Corrupt, lookup);
                Assert.True(lookup == CacheLookup.Miss || data.SequenceEqual(earlier.Data));
            }
        })));

        Assert.InRange(cache.Count, 1, Capacity);
        Assert.True(cache.SizeBytes <= Capacity * (CacheEntryHeader.Size + 10_000));
    }

    [Fact]
    public async Task Put_CacheDirectoryGoneAndBlocked_NothingCachedNoError_ThenMadeAgain()
    {
        var cache = Open();
        var o = Object(1);
        Directory.Delete(_temp.Sub("cache"), recursive: true);
        File.WriteAllText(_temp.Sub("cache"), "a file where the directory was");

        Assert.False(await cache.PutAsync(o.Key, new MemoryStream(o.Data), o.Sha)); // the object is durable elsewhere: no error
        Assert.Equal(CacheLookup.Miss, (await Get(cache, o.Key, null)).Lookup);

        File.Delete(_temp.Sub("cache"));
        await Put(cache, o);
        AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
    }

    [Fact]
    public async Task Put_CacheDiskFull_NothingCachedNoError_NoTrailOfSegments_WhatIsHeldStillHits()
    {
        using var tmpfs = Tmpfs.Mount(_temp.Sub("small"), 1);
        var cache = Open(capacity: 64 << 20, segmentBytes: 200_000, directory: tmpfs.Path);
        var objects = Enumerable.Range(0, 40).Select(i => Object(i, length: 100_000)).ToList();
        var cached = new List<(ObjectKey Key, byte[] Data, Sha256Digest Sha)>();
        foreach (var o in objects)
        {
            if (await cache.PutAsync(o.Key, new MemoryStream(o.Data), o.Sha))
            {
                cached.Add(o);
            }
        }

        Assert.InRange(cached.Count, 1, 10); // 1 MiB holds about nine
        Assert.True(Directory.GetFiles(tmpfs.Path).Length <= 6, string.Join(", ", Directory.GetFiles(tmpfs.Path)));
        Assert.True(cache.SizeBytes <= 1 << 20, $"{cache.SizeBytes} bytes counted on a 1 MiB disk");
        foreach (var o in cached)
        {
            AssertHit(o.Data, await Get(cache, o.Key, o.Sha));
        }

        cache.Dispose();
    }

    [Fact]
    public void Open_ALinkNamedLikeASegment_IsNeverFollowed()
    {
        var outside = _temp.Sub("outside.txt");
        File.WriteAllText(outside, "not the cache's");
        Directory.CreateDirectory(_temp.Sub("cache"));
        var link = Path.Combine(_temp.Sub("cache"), "cache-000000000997.recent.acache");
        File.CreateSymbolicLink(link, outside);

        var cache = Open();

        Assert.Equal(0, cache.Count);
        Assert.Equal("not the cache's", File.ReadAllText(outside)); // a torn-tail cut would have emptied it
        Assert.Equal((0L, 0L), ReplicaCache.Survey(_temp.Sub("cache")));
    }

    [Fact]
    public void EntryHeader_Format2_IsFrozen()
    {
        var header = new byte[CacheEntryHeader.Size];
        var key = new ObjectKey(new ObjectId(0x0102030405060708, 0x090A0B0C0D0E0F10), 3);
        new CacheEntryHeader(key, 10_000, Sha256Digest.Compute([1, 2, 3])).Write(header);
        Assert.Equal(
            "4143414348454F420200000000000000" + "0102030405060708090A0B0C0D0E0F10" + "0300000000000000" + "1027000000000000"
            + Convert.ToHexString(Sha256Digest.Compute([1, 2, 3]).Bytes) + "0000000000000000",
            Convert.ToHexString(header, 0, 88));
    }

    public void Dispose()
    {
        _opened.ForEach(c => c.Dispose());
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
