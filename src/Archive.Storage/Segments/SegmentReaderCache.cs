using System.Collections.Concurrent;
using Archive.Storage.Disks;
using Archive.Storage.Io;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Segments;

/// <summary>
/// Read-only handles of one disk's segments, opened on first use and shared by concurrent readers
/// (positional reads need no lock). Thread-safe. A deleted segment's handle is dropped with <see cref="Evict"/>.
/// </summary>
internal sealed class SegmentReaderCache : IDisposable
{
    private readonly DataDisk _disk;
    private readonly ConcurrentDictionary<ulong, SafeFileHandle> _handles = new();

    public SegmentReaderCache(DataDisk disk) => _disk = disk;

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/>; false at end of file.</summary>
    /// <exception cref="IOException">The segment is missing or the disk failed.</exception>
    public bool TryReadExactly(ulong segmentId, long offset, Span<byte> destination)
    {
        return FileReads.ReadFully(Handle(segmentId), destination, offset) == destination.Length;
    }

    /// <summary>Length of a segment file.</summary>
    public long GetLength(ulong segmentId)
    {
        return RandomAccess.GetLength(Handle(segmentId));
    }

    private SafeFileHandle Handle(ulong segmentId)
    {
        if (_handles.TryGetValue(segmentId, out var handle))
        {
            return handle;
        }

        // Open under a lock so that racing readers do not each open (and leak) a handle.
        lock (_handles)
        {
            return _handles.GetOrAdd(segmentId, id => File.OpenHandle(_disk.SegmentPath(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }
    }

    /// <summary>Closes the handle of a segment (deleted by compaction, or found missing).</summary>
    public void Evict(ulong segmentId)
    {
        if (_handles.TryRemove(segmentId, out var handle))
        {
            handle.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var id in _handles.Keys)
        {
            Evict(id);
        }
    }
}
