namespace Archive.Storage.Disks;

/// <summary>
/// Tells a blank data disk directory that is most likely a disk that did not mount: it stands where a neighbour's
/// layout says a mount point is (beside the directory another data disk is mounted on, at the same depth below it:
/// <c>/srv/disk3</c> beside <c>/srv/disk1</c>, or <c>/mnt/d2/archive</c> beside <c>/mnt/d1/archive</c>), yet lies on
/// the filesystem that neighbour is mounted over. Formatting it would put shards on that filesystem and fill it, the
/// operating system's own perhaps. The development layout (every directory on one filesystem), disks each mounted on
/// their own device, and directories kept on purpose elsewhere on the root filesystem are not flagged. Pure; thread-safe.
/// </summary>
public static class UnmountedDisks
{
    /// <summary>
    /// Why <paramref name="blank"/> (resolved) looks unmounted: another data disk mounted over the filesystem it lies
    /// on, and that filesystem's mount point; null when nothing says so.
    /// </summary>
    public static UnmountedEvidence? Evidence(string blank, IEnumerable<(string Root, string Resolved)> others, MountTable mounts)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(mounts);
        if (mounts.MountOf(blank) is not { } under)
        {
            return null;
        }

        foreach (var (root, resolved) in others)
        {
            if (mounts.MountOf(resolved) is not { } own || own.Device == under.Device || own.MountPoint == "/")
            {
                continue;
            }

            var parent = Path.GetDirectoryName(own.MountPoint) ?? "/";
            if (mounts.MountOf(parent)?.Device == under.Device && IsCounterpart(blank, resolved, own.MountPoint, parent))
            {
                return new UnmountedEvidence(root, own.MountPoint, under.MountPoint);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="blank"/> is <paramref name="neighbour"/>'s path with its mount point's own name swapped
    /// for another: <c>PARENT/OTHER/REST</c> where the neighbour is <c>PARENT/MOUNT/REST</c>.
    /// </summary>
    private static bool IsCounterpart(string blank, string neighbour, string mountPoint, string parent)
    {
        var rest = Path.GetRelativePath(mountPoint, neighbour);
        var blankBelowParent = Path.GetRelativePath(parent, blank);
        if (blankBelowParent.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(blankBelowParent))
        {
            return false;
        }

        var parts = blankBelowParent.Split('/');
        var expected = rest == "." ? 1 : 1 + rest.Split('/').Length;
        return parts.Length == expected
            && parts[0] != Path.GetFileName(mountPoint)
            && (rest == "." || string.Join('/', parts[1..]) == rest);
    }
}

/// <summary>A data disk (<paramref name="Neighbour"/>) mounted at <paramref name="NeighbourMount"/> over the filesystem mounted at <paramref name="Filesystem"/>, where the blank directory lies.</summary>
public sealed record UnmountedEvidence(string Neighbour, string NeighbourMount, string Filesystem);
