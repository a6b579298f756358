using Archive.Node.Hosting;
using Archive.Node.Tests.Support;
using Archive.Storage.Disks;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;

namespace Archive.Node.Tests.Hosting;

/// <summary>Start-up formats blank data disks, but not an empty mount point whose disk did not mount (it would fill the filesystem beneath).</summary>
public sealed class DiskPreparationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("disk-prep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Prepare_BlankDirectoryBesideAMountedDisk_IsNotFormattedAndTheOperatorIsTold()
    {
        var mounted = Path.Combine(_root, "disk1");
        var unmounted = Path.Combine(_root, "disk2");
        Directory.CreateDirectory(unmounted); // the empty mount point
        var mounts = MountTable.Parse($"""
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            40 27 8:17 / {MountTable.Resolve(mounted)} rw,noatime - xfs /dev/sdb1 rw
            """);
        var logger = new RecordingLogger();

        var disks = DiskPreparation.Prepare([mounted, unmounted], new NodeId(Guid.NewGuid()), formatBlank: true, mounts, TimeProvider.System, logger);

        Assert.Equal([mounted], disks.Labelled.Select(d => d.Root));
        Assert.Equal([unmounted], disks.LooksUnmounted);
        Assert.False(File.Exists(StoragePaths.LabelFile(unmounted)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(unmounted));
        Assert.Contains(4043, logger.Ids);
        Assert.Contains(logger.Messages, m => m.Contains(unmounted, StringComparison.Ordinal) && m.Contains("not mounted", StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_EveryDiskOnOneFilesystem_FormatsThemAll()
    {
        var roots = new[] { Path.Combine(_root, "disk1"), Path.Combine(_root, "disk2") };
        var logger = new RecordingLogger();

        var disks = DiskPreparation.Prepare(roots, new NodeId(Guid.NewGuid()), formatBlank: true, MountTable.ReadCurrent(), TimeProvider.System, logger);

        Assert.Equal(roots, disks.Labelled.Select(d => d.Root));
        Assert.Empty(disks.LooksUnmounted);
        Assert.DoesNotContain(4043, logger.Ids);
    }
}
