using Archive.Storage.GroupCommit;
using Archive.Storage.Io;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Io;

public sealed class DurableWriteTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(1500)] // more vectors than IOV_MAX: the write-then-flush path
    public void GatherWrite_AtAnOffset_LandsBackToBack(int count)
    {
        using var temp = new TempDirectory();
        string path = temp.Sub("file.bin");
        var buffers = Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)Enumerable.Range(0, 1 + (i % 7)).Select(b => (byte)(i + b)).ToArray()).ToList();
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            RandomAccess.Write(handle, new byte[] { 0xEE, 0xEE }, 0);
            DurableWrite.Write(handle, path, buffers, 2);
        }

        byte[] expected = [0xEE, 0xEE, .. buffers.SelectMany(b => b.ToArray())];
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_ReadOnlyHandle_FailsWithThePathInTheMessage()
    {
        using var temp = new TempDirectory();
        string path = temp.Sub("file.bin");
        File.WriteAllBytes(path, [1]);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var error = Assert.ThrowsAny<IOException>(() => DurableWrite.Write(handle, path, [new byte[] { 2 }], 1));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Puts_EitherSyncMode_ReadBackAfterRestart(bool syncWithWrite)
    {
        await using var h = new StoreHarness(disks: 2, groupCommit: new GroupCommitOptions { SegmentMaxBytes = 1 << 20, SyncWithWrite = syncWithWrite });
        var store = await h.OpenAsync();
        var writes = Enumerable.Range(0, 40).Select(i => Shards.Write(i, length: 30_000)).ToList();
        await Task.WhenAll(writes.Select(w => store.PutAsync(w).AsTask()));
        store = await h.OpenAsync();
        foreach (var w in writes)
        {
            await StoreAssert.ReadsBackAsync(store, w.Key, w.Data.ToArray());
        }
    }
}
