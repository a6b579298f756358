namespace Archive.Storage.Disks;

/// <summary>
/// The kernel's mount table (<c>/proc/self/mountinfo</c>): which mount, told apart by its device number, a path lies
/// on, that being the mount with the longest mount point above it. Immutable and thread-safe once read;
/// <see cref="ReadCurrent"/> and <see cref="Resolve"/> touch the filesystem, the rest is pure.
/// </summary>
public sealed class MountTable
{
    private const string MountInfoPath = "/proc/self/mountinfo";

    private readonly IReadOnlyList<Mount> _mounts;

    private MountTable(IReadOnlyList<Mount> mounts) => _mounts = mounts;

    /// <summary>A table with no mounts: every path lies on no known mount (the mount table could not be read).</summary>
    public static MountTable Empty { get; } = new([]);

    /// <summary>This process's mount table; <see cref="Empty"/> when it cannot be read.</summary>
    public static MountTable ReadCurrent()
    {
        try
        {
            return Parse(File.ReadAllText(MountInfoPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }
    }

    /// <summary>(device "major:minor", mount point) of each line of <paramref name="mountInfo"/>; octal escapes (\040 for a space) decoded.</summary>
    public static MountTable Parse(string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        var mounts = new List<Mount>();
        foreach (var line in mountInfo.Split('\n'))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[2].Contains(':', StringComparison.Ordinal) && fields[4].StartsWith('/'))
            {
                mounts.Add(new Mount(fields[2], Unescape(fields[4])));
            }
        }

        return new MountTable(mounts);
    }

    /// <summary>The mount an absolute, resolved <paramref name="path"/> lies on; null when the table has none above it.</summary>
    public Mount? MountOf(string path) => _mounts.Where(m => Contains(m.MountPoint, path)).MaxBy(m => m.MountPoint.Length);

    /// <summary>The absolute path with every symbolic link on the way resolved (the directory itself may not exist yet).</summary>
    public static string Resolve(string root)
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
}

/// <summary>One mounted filesystem: its device number ("major:minor") and where it is mounted.</summary>
public sealed record Mount(string Device, string MountPoint);
