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

    /// <summary>Takes the lock on <paramref name="directory"/> (created when missing); false when another process holds it.</summary>
    public static bool TryTake(string directory, out DirectoryLock? held)
    {
        Directory.CreateDirectory(directory);
        try
        {
            held = new DirectoryLock(new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (IOException)
        {
            held = null;
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
