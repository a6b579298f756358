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

    [Fact]
    public void CacheFileName_RoundTrips()
    {
        var key = new ObjectKey(new ObjectId(0xABCDEF, 0x123), 9);
        Assert.Equal("0000000000abcdef0000000000000123-v9.acache", StoragePaths.CacheFileName(key));
        Assert.True(StoragePaths.TryParseCacheFileName(StoragePaths.CacheFileName(key), out var parsed));
        Assert.Equal(key, parsed);
    }

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
