using Archive.Storage.Disks;

namespace Archive.Storage.Tests.Disks;

public sealed class UnmountedDisksTests
{
    // The root filesystem, /srv a filesystem of its own, two data disks mounted under /srv, one under /mnt.
    private static readonly MountTable Mounts = MountTable.Parse("""
        22 27 0:21 / /proc rw,relatime - proc proc rw
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
        30 27 254:16 / /srv rw,relatime - ext4 /dev/vdb rw
        40 30 8:17 / /srv/disk1 rw,noatime - xfs /dev/sdb1 rw
        41 30 8:33 / /srv/disk2 rw,noatime - xfs /dev/sdc1 rw
        42 27 8:49 / /mnt/d1 rw,noatime - xfs /dev/sdd1 rw
        """);

    [Fact]
    public void Evidence_EmptyMountPointBesideMountedDisks_NamesTheFilesystemBeneathAndTheNeighbour()
    {
        var evidence = UnmountedDisks.Evidence("/srv/disk3", [("d1", "/srv/disk1"), ("d2", "/srv/disk2")], Mounts);

        Assert.Equal(new UnmountedEvidence("d1", "/srv/disk1", "/srv"), evidence);
    }

    [Fact]
    public void Evidence_MissingSubdirectoryOfAnUnmountedDisk_OnTheRootFilesystem()
    {
        // Disks used through a directory inside each mount: the unmounted one's directory is on the root filesystem.
        var evidence = UnmountedDisks.Evidence("/mnt/d2/archive", [("d1", "/mnt/d1/archive")], Mounts);

        Assert.Equal(new UnmountedEvidence("d1", "/mnt/d1", "/"), evidence);
    }

    [Fact]
    public void Evidence_EveryDiskOnItsOwnMount_None()
    {
        Assert.Null(UnmountedDisks.Evidence("/srv/disk2", [("d1", "/srv/disk1"), ("d3", "/mnt/d1")], Mounts));
    }

    [Fact]
    public void Evidence_DevelopmentLayoutOnOneFilesystem_None()
    {
        Assert.Null(UnmountedDisks.Evidence("/var/archive/disk-2", [("d1", "/var/archive/disk-1"), ("d3", "/var/archive/disk-3")], Mounts));
    }

    [Fact]
    public void Evidence_BlankOnAFilesystemNoDiskIsMountedOver_None()
    {
        // /srv/archive/d lies on /srv; the neighbour /mnt/d1 is mounted over the root filesystem, not over /srv.
        Assert.Null(UnmountedDisks.Evidence("/srv/archive/d", [("d1", "/mnt/d1")], Mounts));
    }

    [Fact]
    public void Evidence_DirectoryKeptOnPurposeOnTheRootFilesystem_None()
    {
        // One disk mounted at /mnt/d1, another directory deliberately under /var: not where a mount point of that layout stands.
        Assert.Null(UnmountedDisks.Evidence("/var/lib/archive/disk-2", [("d1", "/mnt/d1")], Mounts));
        Assert.Null(UnmountedDisks.Evidence("/mnt/d2/other", [("d1", "/mnt/d1/archive")], Mounts));
        Assert.Null(UnmountedDisks.Evidence("/mnt/d2", [("d1", "/mnt/d1/archive")], Mounts));
    }

    [Fact]
    public void Evidence_UnreadableMountTable_None()
    {
        Assert.Null(UnmountedDisks.Evidence("/srv/disk3", [("d1", "/srv/disk1")], MountTable.Empty));
    }
}
