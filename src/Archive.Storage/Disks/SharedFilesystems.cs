namespace Archive.Storage.Disks;

/// <summary>
/// Data disk directories that lie on one filesystem. The grid counts each disk as its own failure domain below the
/// node, so shards on two directories of one device are lost together with it: a node whose disks share a filesystem
/// keeps less redundancy than its storage class promises (the development layout of <c>tools/run</c> does, six
/// directories on one disk). Found from the kernel's mount table (<see cref="MountTable"/>). Pure but for
/// <see cref="Find(IEnumerable{string})"/>, which reads the mount table and resolves links. Thread-safe.
/// </summary>
public static class SharedFilesystems
{
    /// <summary>The groups of two or more of <paramref name="roots"/> that share a filesystem; none when the mount table cannot be read.</summary>
    public static IReadOnlyList<SharedFilesystem> Find(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return Find(roots.Select(root => (root, MountTable.Resolve(root))), MountTable.ReadCurrent());
    }

    /// <summary>The groups of two or more roots (each with its resolved absolute path) on one device of <paramref name="mounts"/>.</summary>
    public static IReadOnlyList<SharedFilesystem> Find(IEnumerable<(string Root, string Resolved)> roots, MountTable mounts)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(mounts);
        return roots
            .Select(r => (r.Root, mounts.MountOf(r.Resolved)?.Device))
            .Where(r => r.Device is not null)
            .GroupBy(r => r.Device!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new SharedFilesystem(g.Key, g.Select(r => r.Root).ToArray()))
            .ToArray();
    }
}

/// <summary>Data disk directories on one filesystem, the device number ("major:minor") of the mount they lie on.</summary>
public sealed record SharedFilesystem(string Device, IReadOnlyList<string> Roots);
