using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Io;

/// <summary>
/// A gather write that is durable when it returns, in one system call on Linux: <c>pwritev2</c> with
/// <c>RWF_DSYNC</c>, which has the semantics of the write followed by <c>fdatasync</c> (the data and
/// the metadata needed to read it back, such as the new file size, on stable storage; timestamps are
/// not needed). Elsewhere: the write, then a full flush. Thread-safe; no state.
/// </summary>
internal static unsafe partial class DurableWrite
{
    private const int RwfDsync = 0x2;
    private const int Eintr = 4;
    private const int MaxVectors = 1024; // IOV_MAX

    /// <summary>Writes <paramref name="buffers"/> back to back at <paramref name="offset"/> and makes them durable.</summary>
    /// <param name="handle">Open file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <param name="buffers">What to write.</param>
    /// <param name="offset">Where.</param>
    /// <exception cref="IOException">The write or the sync failed (errno in <see cref="Exception.HResult"/>).</exception>
    public static void Write(SafeFileHandle handle, string path, IReadOnlyList<ReadOnlyMemory<byte>> buffers, long offset)
    {
        if (!OperatingSystem.IsLinux() || buffers.Count > MaxVectors)
        {
            RandomAccess.Write(handle, buffers, offset);
            RandomAccess.FlushToDisk(handle);
            return;
        }

        var pins = new MemoryHandle[buffers.Count];
        var vectors = new IoVector[buffers.Count];
        bool added = false;
        try
        {
            long remaining = 0;
            for (int i = 0; i < buffers.Count; i++)
            {
                pins[i] = buffers[i].Pin();
                vectors[i] = new IoVector((nint)pins[i].Pointer, (nuint)buffers[i].Length);
                remaining += buffers[i].Length;
            }

            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            int first = 0;
            fixed (IoVector* v = vectors)
            {
                while (remaining > 0)
                {
                    long written = PWriteV2(fd, v + first, vectors.Length - first, offset, RwfDsync);
                    if (written < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno == Eintr)
                        {
                            continue;
                        }

                        throw new IOException($"Durable write to '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
                    }

                    // A short write (rare on files): continue after what was written, each call durable.
                    offset += written;
                    remaining -= written;
                    while (first < vectors.Length && written >= (long)vectors[first].Length)
                    {
                        written -= (long)vectors[first].Length;
                        first++;
                    }

                    if (written > 0)
                    {
                        vectors[first] = new IoVector(vectors[first].Base + (nint)written, vectors[first].Length - (nuint)written);
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }

            foreach (var pin in pins)
            {
                pin.Dispose();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct IoVector(nint Base, nuint Length);

    [LibraryImport("libc", EntryPoint = "pwritev2", SetLastError = true)]
    private static partial long PWriteV2(int fd, IoVector* vectors, int count, long offset, int flags);
}
