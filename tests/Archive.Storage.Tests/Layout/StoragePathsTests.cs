using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Storage.Tests.Layout;

public sealed class StoragePathsTests
{
    [Fact]
    public void SegmentFileName_RoundTrips_AndIsFrozen()
    {
        Assert.Equal("seg-000000000042.aseg", StoragePaths.SegmentFileName(42));
        Assert.True(StoragePaths.TryParseSegmentFileName("/d/segments/seg-000000000042.aseg", out ulong id));
        Assert.Equal(42ul, id);
    }

    [Theory]
    [InlineData("seg-42.aseg")]
    [InlineData("seg-000000000042.aseg.tmp")]
    [InlineData("archive-disk.label")]
    [InlineData("seg-00000000004x.aseg")]
    public void TryParseSegmentFileName_OtherFiles_AreIgnored(string name) =>
        Assert.False(StoragePaths.TryParseSegmentFileName(name, out _));

    [Theory]
    [InlineData(42L, false, "cache-000000000042.recent.acache")]
    [InlineData(7L, true, "cache-000000000007.fetched.acache")]
    public void CacheSegmentFileName_RoundTrips(long sequence, bool fetched, string name)
    {
        Assert.Equal(name, StoragePaths.CacheSegmentFileName(sequence, fetched));
        Assert.True(StoragePaths.TryParseCacheSegmentFileName(name, out var parsedSequence, out var parsedFetched));
        Assert.Equal((sequence, fetched), (parsedSequence, parsedFetched));
    }

    [Theory]
    [InlineData("0000000000abcdef0000000000000123-v9.acache")] // a per-object file of format 1
    [InlineData("cache-000000000042.other.acache")]
    [InlineData("cache-42.recent.acache")]
    [InlineData("cache-000000000042.recent.acache.tmp")]
    public void TryParseCacheSegmentFileName_OtherFiles_AreIgnored(string name) =>
        Assert.False(StoragePaths.TryParseCacheSegmentFileName(name, out _, out _));

    [Fact]
    public void StorageOptions_NoDisksOrDuplicates_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new StorageOptions { Node = NodeId.New(), DataDisks = [] }.Validate());
        Assert.Throws<ArgumentException>(() => new StorageOptions { Node = NodeId.New(), DataDisks = ["/a", "/a"] }.Validate());
        Assert.Throws<ArgumentException>(() => new StorageOptions
        {
            Node = NodeId.New(),
            DataDisks = ["/a"],
            GroupCommit = new Storage.GroupCommit.GroupCommitOptions { MaxBatchDelay = TimeSpan.FromSeconds(5) },
        }.Validate());
        new StorageOptions { Node = NodeId.New(), DataDisks = ["/a", "/b"] }.Validate();
    }
}
