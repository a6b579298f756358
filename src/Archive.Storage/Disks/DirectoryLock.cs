namespace Archive.Storage.Disks;

/// <summary>
/// An exclusive lock on a directory (advisory <c>flock</c> on a lock file in it, through <see cref="FileShare.None"/>),
/// held while a node runs on its home and data disks, or while an offline command works on them: a second process
/// (another node on the same home or disks, or <c>node rebuild-index</c> on a running node's disks) is refused before
/// it reads, repairs or deletes anything there. Released on dispose, and by the kernel when the process dies.
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    /// <summary>The lock file's name in the locked directory.</summary>
    public const string FileName = "archive.lock";

    private readonly FileStream _file;

    private DirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock on <paramref name="directory"/> (created when missing); false when another process holds it, or the directory refuses writes (<see cref="IsHeldByAnother"/> tells which).</summary>
    public static bool TryTake(string directory, out DirectoryLock? held)
    {
        Directory.CreateDirectory(directory);
        try
        {
            held = new DirectoryLock(new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held = null;
            return false;
        }
    }

    /// <summary>
    /// After <see cref="TryTake"/> failed: whether another process holds the lock, rather than the directory refusing
    /// writes (mounted read-only, no permission), where the lock file cannot be opened for writing by anyone.
    /// </summary>
    public static bool IsHeldByAnother(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return false; // nobody could have created it: the directory refuses writes
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false; // free to lock, only not to write
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
