using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Cache;

public sealed partial class ReplicaCache
{
    /// <summary>Reserves a record at the end of the share's segment (a new one when it is full) and writes its header.</summary>
    private Append Begin(CacheEntryHeader header, bool fetched)
    {
        Append append;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ref var active = ref fetched ? ref _fetched : ref _recent;
            if (active is null || active.Evicted || active.Sealed || active.Length >= SegmentBytes)
            {
                active = CreateSegment(fetched);
            }

            append = new Append(active, active.Length, header);
            active.Length += header.RecordLength;
            _appended += header.RecordLength;
            active.Writers++;
            active.TryAcquire();
            Account(active, header.RecordLength);
        }

        try
        {
            WriteHeader(append.Segment.Handle, header, append.Offset);
        }
        catch
        {
            Abandon(append);
            throw;
        }

        return append;
    }

    /// <summary>Makes a written record the entry of its key (the entry it replaces becomes dead bytes).</summary>
    private void Publish(Append append)
    {
        lock (_gate)
        {
            var segment = append.Segment;
            segment.Writers--;
            if (!segment.Evicted)
            {
                Index(append.Header, segment, append.Offset);
            }

            segment.Release();
        }
    }

    /// <summary>
    /// A reserved record whose write failed becomes padding a later load skips; if even that fails, its segment takes no
    /// more appends, and once nothing in it is live nor being written it is dropped at once (a cache disk that keeps
    /// failing must not leave a trail of empty segments).
    /// </summary>
    private void Abandon(Append append)
    {
        bool padded;
        try
        {
            WriteHeader(append.Segment.Handle, CacheEntryHeader.Padding(append.Header.Length), append.Offset);
            padded = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            padded = false;
        }

        Eviction? dropped = null;
        lock (_gate)
        {
            var segment = append.Segment;
            segment.Writers--;
            segment.Sealed |= !padded;
            segment.Release();
            if (segment.Sealed && segment.Writers == 0 && segment.LiveBytes == 0 && !segment.Evicted)
            {
                dropped = Take(segment);
            }
        }

        if (dropped is not null)
        {
            Finish(dropped);
        }
    }

    private static void WriteHeader(SafeFileHandle handle, CacheEntryHeader header, long offset)
    {
        Span<byte> bytes = stackalloc byte[CacheEntryHeader.Size];
        header.Write(bytes);
        RandomAccess.Write(handle, bytes, offset);
    }

    /// <summary>A new empty segment file at the end of the order (under the gate).</summary>
    private CacheSegment CreateSegment(bool fetched)
    {
        Directory.CreateDirectory(_options.Directory); // removed under the running node: made again
        long sequence = _nextSequence++;
        string path = Path.Combine(_options.Directory, StoragePaths.CacheSegmentFileName(sequence, fetched));
        var segment = new CacheSegment(sequence, fetched, path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete));
        _segments.Add(segment);
        return segment;
    }

    /// <summary>
    /// Drops an entry that failed verification, unless the key already has a newer one, and turns its record into padding
    /// where it lies, so a restart does not load it again (best effort: a segment that cannot be written keeps it, and its
    /// next read drops it again).
    /// </summary>
    private void Forget(ObjectKey key, Location location)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var current) && current.Segment == location.Segment && current.Offset == location.Offset)
            {
                Unindex(key, current);
                try
                {
                    WriteHeader(location.Segment.Handle, CacheEntryHeader.Padding(location.Length), location.Offset);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    // the segment is going (evicted) or its disk refuses: the entry is out of the index all the same
                }
            }
        }
    }

    /// <summary>Makes the record at <paramref name="offset"/> of <paramref name="segment"/> the entry of its key (under the gate).</summary>
    private void Index(CacheEntryHeader header, CacheSegment segment, long offset)
    {
        var key = header.Key;
        if (_index.TryGetValue(key, out var old))
        {
            Unindex(key, old);
        }

        _index[key] = new Location(segment, offset, header.Length, header.Sha256, LastHit: null);
        segment.LiveBytes += CacheEntryHeader.Size + header.Length;
        segment.Entries.Add((key, offset));
    }

    /// <summary>Takes an entry out of the index (under the gate); its bytes become dead in their segment.</summary>
    private void Unindex(ObjectKey key, Location location)
    {
        _index.Remove(key);
        location.Segment.LiveBytes -= CacheEntryHeader.Size + location.Length;
    }

    /// <summary>Counts bytes reserved in (or, negative, taken out with) a segment (under the gate).</summary>
    private void Account(CacheSegment segment, long bytes)
    {
        _bytes += bytes;
        if (segment.Fetched)
        {
            _fetchedBytes += bytes;
        }
    }

    private void Release(CacheSegment segment)
    {
        lock (_gate)
        {
            segment.Release();
        }
    }
}
