using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Io;

/// <summary>
/// Positioned reads that fill their buffer: one <see cref="RandomAccess"/> read may return fewer bytes than asked
/// before the end of the file, so every caller that needs a whole record or piece loops; this is that loop.
/// Thread-safe; no state.
/// </summary>
internal static class FileReads
{
    /// <summary>Reads at <paramref name="offset"/> until <paramref name="destination"/> is full or the file ends; returns the bytes read.</summary>
    public static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary><see cref="ReadFully"/>, asynchronously.</summary>
    public static async ValueTask<int> ReadFullyAsync(SafeFileHandle handle, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, destination[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
