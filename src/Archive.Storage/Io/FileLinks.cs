using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Io;

/// <summary>
/// Whether an open file still has a name. A write to a file whose last link was removed succeeds and
/// even fsyncs, but the bytes die with the handle: an appender checks this before acknowledging.
/// Linux only (statx on the descriptor); elsewhere every file counts as linked. Thread-safe; no state.
/// </summary>
internal static partial class FileLinks
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;
    private const int StatxNlinkOffset = 16; // struct statx: u32 mask, u32 blksize, u64 attributes, u32 nlink

    /// <summary>True when the file behind <paramref name="handle"/> has no directory entry left.</summary>
    /// <exception cref="IOException">statx failed (the disk is in trouble).</exception>
    public static unsafe bool IsUnlinked(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte* buffer = stackalloc byte[256];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxNlink, buffer) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"statx of an open segment failed (errno {errno}).", errno);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return *(uint*)(buffer + StatxNlinkOffset) == 0;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
