using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Io;

/// <summary>
/// Reserves disk blocks for a file's future appends without changing its size
/// (<c>fallocate(FALLOC_FL_KEEP_SIZE)</c>): an append then writes into blocks already allocated, so
/// its sync carries no block allocation, and readers still see exactly the bytes written. Best effort:
/// where the call is unsupported or the disk lacks the room, nothing is reserved and appends allocate
/// as usual. Thread-safe; no state.
/// </summary>
internal static partial class FileSpace
{
    private const int KeepSize = 0x1;

    /// <summary>Reserves [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>); true when reserved.</summary>
    public static bool TryReserve(SafeFileHandle handle, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return false;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Fallocate((int)handle.DangerousGetHandle(), KeepSize, offset, length) == 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int fd, int mode, long offset, long length);
}
