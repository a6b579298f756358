using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Faults;

public sealed class DiskFaultTests
{
    [Fact]
    public async Task DiskRemovedWhileRunning_MarkedFailed_NodeServesFromOthers()
    {
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var onGone = Shards.Write(1, disk: store.Disks[1].Id);
        var onKept = Shards.Write(2, disk: store.Disks[0].Id);
        await store.PutAsync(onGone);
        await store.PutAsync(onKept);
        await h.CloseAsync();
        store = await h.OpenAsync(); // fresh read handles

        Directory.Move(h.DiskRoots[1], h.DiskRoots[1] + "-pulled");
        Assert.Equal(ShardStatus.Unavailable, (await store.ReadAsync(onGone.Key, 0, new byte[10])).Status);
        var health = store.GetHealth();
        Assert.Equal(DiskState.Failed, health.Disks.Single(d => d.Disk == store.Disks[1].Id).State);
        Assert.Equal(1, health.HealthyDisks);

        await StoreAssert.ReadsBackAsync(store, onKept.Key, onKept.Data.ToArray());
        for (int i = 10; i < 20; i++)
        {
            var put = await store.PutAsync(Shards.Write(i));
            Assert.Equal(store.Disks[0].Id, put.Disk);
        }

        Assert.Equal(ShardStatus.NoWritableDisk, (await store.PutAsync(Shards.Write(30, disk: store.Disks[1].Id))).Status);
    }

    [Fact]
    public async Task ForeignDiskLabel_IsRefused_OtherDisksServe()
    {
        await using var h = new StoreHarness(disks: 1);
        string foreign = h.TempPath("foreign");
        DiskFormatter.Format(foreign, NodeId.New(), TimeProvider.System);
        h.DiskRoots = [h.DiskRoots[0], foreign];
        var store = await h.OpenAsync();
        var refused = store.GetHealth().Disks.Single(d => d.Root == foreign);
        Assert.Equal((DiskState.Refused, DiskRefusalReason.ForeignNode), (refused.State, refused.Refusal));
        Assert.Single(store.Disks);
        Assert.True(store.GetHealth().Disks.Single(d => d.State == DiskState.Healthy).FreeBytes > 0);
        Assert.True((await store.PutAsync(Shards.Write(1))).IsStored);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(foreign, "segments")));
    }

    [Fact]
    public async Task SameDiskMountedTwice_SecondIsRefusedAsDuplicate()
    {
        await using var h = new StoreHarness(disks: 1);
        string copy = h.TempPath("copy");
        Directory.CreateDirectory(Path.Combine(copy, "segments"));
        File.Copy(Path.Combine(h.DiskRoots[0], "archive-disk.label"), Path.Combine(copy, "archive-disk.label"));
        h.DiskRoots = [h.DiskRoots[0], copy];
        var store = await h.OpenAsync();
        Assert.Equal(DiskRefusalReason.DuplicateDisk, store.GetHealth().Disks.Single(d => d.Root == copy).Refusal);
    }

    [Fact]
    public async Task FreeSpaceReserve_WouldBeEaten_PutIsDiskFull()
    {
        await using var h = new StoreHarness(disks: 1, new Storage.GroupCommit.GroupCommitOptions { MinFreeBytes = long.MaxValue / 2 });
        var store = await h.OpenAsync();

        // Reported full from the start, before any write is refused (sweep O: healthy until the first store).
        Assert.Equal(DiskState.Full, store.GetHealth().Disks.Single().State);
        var write = Shards.Write(1);
        Assert.Equal(ShardStatus.DiskFull, (await store.PutAsync(write)).Status);
        Assert.Equal(ShardStatus.NotFound, (await store.ReadAsync(write.Key, 0, new byte[1])).Status);
        Assert.True(store.Disks[0].IsHealthy);
    }

    [Fact]
    public async Task FreeSpaceBelowOneSegment_AtOpen_IsFullFromTheStart()
    {
        // Sweep R: a node restarted on disks with less room than a segment reported them healthy (and the full-disk
        // alert stayed silent) until the first store was refused. No reserve configured.
        // On a small tmpfs: a segment larger than the real /tmp's free space would be preallocated there, filling the
        // filesystem the other tests run on for a moment (CI once failed a put elsewhere that way).
        await using var h = new StoreHarness(disks: 1, new Storage.GroupCommit.GroupCommitOptions { SegmentMaxBytes = 8L * 1024 * 1024 });
        using var tmpfs = Archive.Testing.Disks.Tmpfs.Mount(h.TempPath("small"), 4);
        DiskFormatter.Format(tmpfs.Path, h.Node, TimeProvider.System);
        h.DiskRoots = [tmpfs.Path];
        var store = await h.OpenAsync();

        Assert.Equal(DiskState.Full, store.GetHealth().Disks.Single().State);
        await h.CloseAsync(); // before the tmpfs is unmounted
    }

    [Fact]
    public async Task ReadOnlyDisk_IsRefusedAsNotWritable_NeitherInUseNorLost()
    {
        // Sweep Q: a data disk mounted read-only was reported "refused: InUse" (as if another process held it) and, in
        // the same listing, as a lost disk no directory carries, while its directory and label were right there.
        await using var h = new StoreHarness(disks: 1);
        using var tmpfs = Archive.Testing.Disks.Tmpfs.Mount(h.TempPath("ro"), 8);
        DiskFormatter.Format(tmpfs.Path, h.Node, TimeProvider.System);
        h.DiskRoots = [h.DiskRoots[0], tmpfs.Path];
        var store = await h.OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await store.PutAsync(Shards.Write(i))).IsStored);
        }

        await h.CloseAsync();
        tmpfs.ReadOnly();

        store = await h.OpenAsync();

        var disks = store.GetHealth().Disks;
        var refused = disks.Single(d => d.Root == tmpfs.Path);
        Assert.Equal((DiskState.Refused, DiskRefusalReason.NotWritable), (refused.State, refused.Refusal));
        Assert.Equal(2, disks.Count); // no "(lost disk …)" row besides
    }

    [Fact]
    public async Task SegmentOfANewerFormat_RefusesItsDisk_NamingTheSegmentAndVersion_NotReadAsDamage()
    {
        // Sweep W: a segment a newer build wrote (header major 2, checksum right) was read as a corrupt header: an index
        // rebuild dropped its records and exited 0, and the node called itself healthy while its shards were missing.
        await using var h = new StoreHarness(disks: 2);
        var store = await h.OpenAsync();
        var onNewer = Shards.Write(1, disk: store.Disks[1].Id);
        Assert.True((await store.PutAsync(onNewer)).IsStored);
        Assert.True((await store.PutAsync(Shards.Write(2, disk: store.Disks[0].Id))).IsStored);
        var root = store.Disks[1].Root;
        await h.CloseAsync();

        var segment = Directory.GetFiles(Path.Combine(root, "segments")).Order(StringComparer.Ordinal).First();
        var header = File.ReadAllBytes(segment)[..Storage.Segments.SegmentHeader.Length];
        header[8] = 2;
        header[9] = 3;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), Storage.Io.Checksum64.Compute(header.AsSpan(0, 56)));
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            file.Write(header);
        }

        store = await h.OpenAsync();
        var refused = store.GetHealth().Disks.Single(d => d.Root == root);
        Assert.Equal((DiskState.Refused, DiskRefusalReason.UnsupportedSegmentFormat), (refused.State, refused.Refusal));
        var why = DataDisk.Describe(root, DiskRefusalReason.UnsupportedSegmentFormat);
        Assert.Contains($"{Path.GetFileName(segment)} is format 2.3, and this build reads format 1.x", why, StringComparison.Ordinal);
        await h.CloseAsync();

        // Nothing was changed: the header is as the newer build left it, not cut as a torn tail.
        Assert.Equal(header, File.ReadAllBytes(segment)[..Storage.Segments.SegmentHeader.Length]);
    }
}
