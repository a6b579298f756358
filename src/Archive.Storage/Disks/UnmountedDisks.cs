namespace Archive.Storage.Disks;

/// <summary>
/// Tells a blank data disk directory that is most likely a disk that did not mount: it lies on the very filesystem
/// another of the node's data disks is mounted on (an empty mount point, or one that does not exist, on the root
/// filesystem while its neighbours are mounted over it). Formatting it would put shards on that filesystem and fill
/// it, the operating system's own perhaps. The development layout (every directory on one filesystem) and disks
/// each mounted on their own device are not flagged. Pure; thread-safe.
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

            if (mounts.MountOf(Path.GetDirectoryName(own.MountPoint) ?? "/")?.Device == under.Device)
            {
                return new UnmountedEvidence(root, own.MountPoint, under.MountPoint);
            }
        }

        return null;
    }
}

/// <summary>A data disk (<paramref name="Neighbour"/>) mounted at <paramref name="NeighbourMount"/> over the filesystem mounted at <paramref name="Filesystem"/>, where the blank directory lies.</summary>
public sealed record UnmountedEvidence(string Neighbour, string NeighbourMount, string Filesystem);
