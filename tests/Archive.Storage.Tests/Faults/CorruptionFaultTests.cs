using Archive.Storage.Indexing;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

public sealed class CorruptionFaultTests
{
    [Fact]
    public async Task FlippedBitInBlock_DetectedOnReadAndVerify_AndFlaggedForRepair()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(1, length: 20_000, blockSize: 4096);
        await store.PutAsync(write);
        Assert.True(h.Index!.TryGetShard(write.Key, out var location));
        // Block 2, inside its payload (frame header is 16 bytes).
        long blockOffset = location.DataOffset + Storage.Records.ShardRecordFormat.BlockOffset(4096, 2, location.BlockChecksum) + 16 + 100;
        SegmentDamage.FlipByte(store.Disks[0].SegmentPath(location.SegmentId), blockOffset);

        var read = await store.ReadAsync(write.Key, 0, new byte[20_000]);
        Assert.Equal(ShardStatus.Corrupt, read.Status);
        Assert.Equal(2, read.BadBlock);

        var ok = await store.ReadAsync(write.Key, 0, new byte[4096]);
        Assert.Equal(ShardStatus.Ok, ok.Status);

        var verify = await store.VerifyAsync(write.Key);
        Assert.Equal(new VerifyOutcome(ShardStatus.Corrupt, Storage.Records.RecordStatus.CorruptBlock, 2), verify);
        Assert.True(h.Index.TryGetShard(write.Key, out var flagged));
        Assert.Equal(ShardState.Corrupt, flagged.State);
    }

    [Fact]
    public async Task SegmentFileDeletedUnderTheRunningStore_VerifySaysMissing_AndReportsTheDiskOfAGoodOne()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var (kept, lost) = (Shards.Write(3), Shards.Write(4));
        await store.PutAsync(kept);
        Assert.Equal(new VerifyOutcome(ShardStatus.Ok, Disk: store.Disks[0].Id.ToString()), await store.VerifyAsync(kept.Key));
        await store.PutAsync(lost);
        h.Index!.TryGetShard(lost.Key, out var location);

        File.Delete(store.Disks[0].SegmentPath(location.SegmentId)); // the open handle still reads it, until a restart

        Assert.Equal(ShardStatus.Missing, (await store.VerifyAsync(lost.Key)).Status);
        Assert.True(h.Index.TryGetShard(lost.Key, out var flagged));
        Assert.Equal(ShardState.Missing, flagged.State);
    }

    [Fact]
    public async Task FlippedBitInManifest_DetectedByVerify()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var write = Shards.Write(2);
        await store.PutAsync(write);
        h.Index!.TryGetShard(write.Key, out var location);
        SegmentDamage.FlipByte(store.Disks[0].SegmentPath(location.SegmentId), location.Offset + 64 + 50);
        Assert.Equal(ShardStatus.Corrupt, (await store.VerifyAsync(write.Key)).Status);
    }
}
