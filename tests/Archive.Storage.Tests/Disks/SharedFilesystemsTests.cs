using Archive.Storage.Disks;

namespace Archive.Storage.Tests.Disks;

public sealed class SharedFilesystemsTests
{
    // Trimmed from a real /proc/self/mountinfo: the root filesystem, two data disks, /proc, and a mount point with a space.
    private const string MountInfo = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
        40 27 8:17 / /srv/disk1 rw,noatime - xfs /dev/sdb1 rw
        41 27 8:33 / /srv/disk2 rw,noatime - xfs /dev/sdc1 rw
        42 27 8:49 / /srv/my\040disk rw,noatime - xfs /dev/sdd1 rw
        """;

    [Fact]
    public void Find_DirectoriesOnOneMount_AreOneGroup()
    {
        var shared = SharedFilesystems.Find([("a", "/srv/disk1/a"), ("b", "/srv/disk1/b"), ("c", "/srv/disk2"), ("d", "/var/archive/d"), ("e", "/home/e")], MountTable.Parse(MountInfo));

        Assert.Equal(2, shared.Count);
        Assert.Contains(new SharedFilesystem("8:17", ["a", "b"]), shared, new GroupComparer());
        Assert.Contains(new SharedFilesystem("254:0", ["d", "e"]), shared, new GroupComparer());
    }

    [Fact]
    public void Find_OneDirectoryPerDevice_NoGroup()
    {
        Assert.Empty(SharedFilesystems.Find([("a", "/srv/disk1"), ("b", "/srv/disk2/x"), ("c", "/srv/my disk/y"), ("d", "/var/d")], MountTable.Parse(MountInfo)));
    }

    [Fact]
    public void Find_MountPointPrefixOfAnotherName_NotItsMount()
    {
        // /srv/disk10 is not under /srv/disk1: it lies on the root filesystem, like /var.
        var shared = Assert.Single(SharedFilesystems.Find([("a", "/srv/disk1/a"), ("b", "/srv/disk10"), ("c", "/var/c")], MountTable.Parse(MountInfo)));

        Assert.Equal("254:0", shared.Device);
        Assert.Equal(["b", "c"], shared.Roots);
    }

    [Fact]
    public void Find_RealDirectories_TwoUnderOneTemporaryDirectoryShare()
    {
        var root = Path.Combine(Path.GetTempPath(), "shared-fs-" + Guid.NewGuid().ToString("N"));
        var shared = Assert.Single(SharedFilesystems.Find([Path.Combine(root, "d1"), Path.Combine(root, "d2")]));

        Assert.Equal([Path.Combine(root, "d1"), Path.Combine(root, "d2")], shared.Roots);
    }

    private sealed class GroupComparer : IEqualityComparer<SharedFilesystem>
    {
        public bool Equals(SharedFilesystem? x, SharedFilesystem? y) => x!.Device == y!.Device && x.Roots.SequenceEqual(y.Roots);

        public int GetHashCode(SharedFilesystem obj) => obj.Device.GetHashCode(StringComparison.Ordinal);
    }
}
