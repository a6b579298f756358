namespace Archive.Storage.Disks;

/// <summary>
/// Data disk directories that lie on one filesystem. The grid counts each disk as its own failure domain below the
/// node, so shards on two directories of one device are lost together with it: a node whose disks share a filesystem
/// keeps less redundancy than its storage class promises (the development layout of <c>tools/run</c> does, six
/// directories on one disk). Found from the kernel's mount table (<c>/proc/self/mountinfo</c>): each directory belongs to
/// the mount with the longest mount point above it, and mounts are told apart by their device number. Pure but for
/// <see cref="Find(IEnumerable{string})"/>, which reads the mount table and resolves links. Thread-safe.
/// </summary>
public static class SharedFilesystems
{
    private const string MountInfoPath = "/proc/self/mountinfo";

    /// <summary>The groups of two or more of <paramref name="roots"/> that share a filesystem; none when the mount table cannot be read.</summary>
    public static IReadOnlyList<SharedFilesystem> Find(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        string mountInfo;
        try
        {
            mountInfo = File.ReadAllText(MountInfoPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return Find(roots.Select(root => (root, Resolve(root))), mountInfo);
    }

    /// <summary>The groups of two or more roots (each with its resolved absolute path) on one device of <paramref name="mountInfo"/>.</summary>
    public static IReadOnlyList<SharedFilesystem> Find(IEnumerable<(string Root, string Resolved)> roots, string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(mountInfo);
        var mounts = Mounts(mountInfo);
        return roots
            .Select(r => (r.Root, Device: mounts.Where(m => Contains(m.MountPoint, r.Resolved)).MaxBy(m => m.MountPoint.Length).Device))
            .Where(r => r.Device is not null)
            .GroupBy(r => r.Device!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new SharedFilesystem(g.Key, g.Select(r => r.Root).ToArray()))
            .ToArray();
    }

    /// <summary>(device "major:minor", mount point) of each line; the mount point's octal escapes (\040 for a space) decoded.</summary>
    private static List<(string Device, string MountPoint)> Mounts(string mountInfo)
    {
        var mounts = new List<(string, string)>();
        foreach (var line in mountInfo.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[2].Contains(':', StringComparison.Ordinal) && fields[4].StartsWith('/'))
            {
                mounts.Add((fields[2], Unescape(fields[4])));
            }
        }

        return mounts;
    }

    private static bool Contains(string mountPoint, string path) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field.AsSpan(i + 1, 3).ToString() is var octal && octal.All(c => c is >= '0' and <= '7'))
            {
                text.Append((char)Convert.ToInt32(octal, 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>The absolute path with every symbolic link on the way resolved (the directory itself may not exist yet).</summary>
    private static string Resolve(string root)
    {
        var path = Path.GetFullPath(root);
        var resolved = "/";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            try
            {
                var target = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
                resolved = target is null ? next : Path.GetFullPath(target.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                resolved = next; // a component this process may not read is taken as it is
            }
        }

        return resolved;
    }
}

/// <summary>Data disk directories on one filesystem, the device number ("major:minor") of the mount they lie on.</summary>
public sealed record SharedFilesystem(string Device, IReadOnlyList<string> Roots);
