using Archive.Storage.Compaction;
using Archive.Storage.GroupCommit;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.GroupCommit;

/// <summary>
/// A put must never be acknowledged into a segment file that was deleted while open for append: the
/// write and even the fsync succeed on the orphaned inode, and the bytes vanish with the handle.
/// </summary>
public sealed class OpenSegmentDeletionTests
{
    private static readonly GroupCommitOptions OneBigSegment = new() { SegmentMaxBytes = 256L << 20 };

    [Fact]
    public async Task OpenSegmentDeleted_NextPut_IsWrittenToAFreshSegmentAndSurvivesRestart()
    {
        await using var h = new StoreHarness(disks: 1, groupCommit: OneBigSegment);
        var store = await h.OpenAsync();
        await store.PutAsync(Shards.Write(1));
        string open = store.Disks[0].SegmentPath(store.Disks[0].ListSegments()[^1]);
        File.Delete(open);

        var after = Shards.Write(2);
        Assert.Equal(ShardStatus.Ok, (await store.PutAsync(after)).Status);
        await StoreAssert.ReadsBackAsync(store, after.Key, after.Data.ToArray());

        store = await h.OpenAsync();
        await StoreAssert.ReadsBackAsync(store, after.Key, after.Data.ToArray());
    }

    [Fact]
    public async Task OpenSegmentDeletedDuringConcurrentPuts_EveryPutStartedAfterTheDelete_SurvivesRestart()
    {
        await using var h = new StoreHarness(disks: 1, groupCommit: OneBigSegment);
        var store = await h.OpenAsync();
        string open = store.Disks[0].SegmentPath(store.Disks[0].ListSegments()[^1]);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startedAfterDelete = new System.Collections.Concurrent.ConcurrentBag<ShardWrite>();
        int next = 0;

        async Task Writer()
        {
            for (int i = 0; i < 40; i++)
            {
                bool afterDelete = deleted.Task.IsCompleted;
                var write = Shards.Write(Interlocked.Increment(ref next), length: 32 * 1024);
                Assert.Equal(ShardStatus.Ok, (await store.PutAsync(write)).Status);
                if (afterDelete)
                {
                    startedAfterDelete.Add(write);
                }
            }
        }

        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(Writer)).ToList();
        while (Volatile.Read(ref next) < 60)
        {
            await Task.Delay(1);
        }

        File.Delete(open);
        deleted.SetResult();
        await Task.WhenAll(writers);
        Assert.NotEmpty(startedAfterDelete);

        store = await h.OpenAsync();
        foreach (var write in startedAfterDelete)
        {
            await StoreAssert.ReadsBackAsync(store, write.Key, write.Data.ToArray());
        }
    }

    [Fact]
    public async Task TryDeleteSealedSegment_OpenSegment_IsRefusedAndTheFileStays()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        await store.PutAsync(Shards.Write(1));
        var appender = store.Appender(store.Disks[0].Id)!;
        ulong open = appender.ActiveSegmentId;

        Assert.False(appender.TryDeleteSealedSegment(open));
        Assert.False(appender.TryDeleteSealedSegment(open + 1));
        Assert.True(File.Exists(store.Disks[0].SegmentPath(open)));
        Assert.Equal(CompactionStatus.NotSealed, (await new SegmentCompactor(store).CompactAsync(store.Disks[0].Id, open)).Status);
    }
}
