using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Io;

/// <summary>
/// Durability primitives: fsync of a file handle and of a directory (so that a created, renamed
/// or deleted entry survives a power cut). Thread-safe; holds no state.
/// </summary>
public static partial class FileSync
{
    /// <summary>Flushes file data and metadata to stable storage (fsync).</summary>
    public static void File(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    /// <summary>
    /// Flushes a directory's entries to stable storage. On Linux this opens the directory and calls
    /// fsync; elsewhere it is a no-op (directory fsync is neither possible nor needed there).
    /// </summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Directory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to sync it (errno {Marshal.GetLastPInvokeError()}).", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of directory '{path}' failed (errno {errno}).", errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
