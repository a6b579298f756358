using Archive.Storage.Io;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Segments;

/// <summary>
/// The open (active) segment of a disk: appends at the end, never overwrites. Owned by one
/// <see cref="GroupCommit.SegmentAppender"/>; not thread-safe.
/// </summary>
public sealed class SegmentWriter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private bool _reserved;

    private SegmentWriter(string path, ulong segmentId, SafeFileHandle handle, long length)
    {
        Path = path;
        SegmentId = segmentId;
        _handle = handle;
        Length = length;
    }

    /// <summary>File path.</summary>
    public string Path { get; }

    /// <summary>Segment id.</summary>
    public ulong SegmentId { get; }

    /// <summary>Bytes in the file that belong to it (header and whole records).</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Creates a new segment durably: header written, file fsynced, directory fsynced (so the new
    /// name survives a power cut before the first group commit).
    /// </summary>
    public static SegmentWriter Create(string path, SegmentHeader header)
    {
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(handle, header.Encode(), 0);
            FileSync.File(handle);
            FileSync.Directory(System.IO.Path.GetDirectoryName(path)!);
            return new SegmentWriter(path, header.SegmentId, handle, SegmentHeader.Length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reopens an existing segment (after recovery validated it up to <paramref name="length"/>) for appending.</summary>
    public static SegmentWriter Open(string path, ulong segmentId, long length)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (RandomAccess.GetLength(handle) != length)
        {
            RandomAccess.SetLength(handle, length);
            FileSync.File(handle);
        }

        return new SegmentWriter(path, segmentId, handle, length);
    }

    /// <summary>Appends <paramref name="buffers"/> at the end (not yet durable: call <see cref="Flush"/>).</summary>
    public void Append(IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        long total = 0;
        foreach (var b in buffers)
        {
            total += b.Length;
        }

        RandomAccess.Write(_handle, buffers, Length);
        Length += total;
    }

    /// <summary>
    /// Appends <paramref name="buffers"/> at the end, durable when this returns (one <c>pwritev2</c>
    /// with <c>RWF_DSYNC</c> on Linux: data and size synced, no separate fsync).
    /// </summary>
    public void AppendDurably(IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        long total = 0;
        foreach (var b in buffers)
        {
            total += b.Length;
        }

        DurableWrite.Write(_handle, Path, buffers, Length);
        Length += total;
    }

    /// <summary>
    /// Reserves the blocks for appends up to <paramref name="size"/> bytes without changing the file's
    /// size (best effort; see <see cref="FileSpace"/>). <see cref="Seal"/> gives back what stayed unused.
    /// </summary>
    public void ReserveUpTo(long size) => _reserved |= FileSpace.TryReserve(_handle, Length, size - Length);

    /// <summary>fsync: every appended byte is durable when this returns.</summary>
    public void Flush() => FileSync.File(_handle);

    /// <summary>
    /// True when the file was deleted under the open handle: appends still succeed, but nothing
    /// written to it survives, so nothing written to it may be acknowledged.
    /// </summary>
    public bool IsUnlinked() => FileLinks.IsUnlinked(_handle);

    /// <summary>Cuts the file back to <paramref name="length"/> (undo of a failed batch) and syncs.</summary>
    public void Truncate(long length)
    {
        RandomAccess.SetLength(_handle, length);
        FileSync.File(_handle);
        Length = length;
    }

    /// <summary>
    /// Gives back reserved blocks past the end, flushes and makes the file read-only: a sealed segment
    /// is never written again.
    /// </summary>
    public void Seal()
    {
        if (_reserved)
        {
            RandomAccess.SetLength(_handle, Length); // same size: frees the blocks reserved past it
        }

        Flush();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
