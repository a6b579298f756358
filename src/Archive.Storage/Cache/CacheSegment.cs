using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Cache;

/// <summary>
/// One append-only file of the replica cache: records (<see cref="CacheEntryHeader"/> and what follows) back to back.
/// Appends reserve their place under the cache's gate and write outside it, so several run at once; the handle stays
/// open while anyone reads or writes, and closes once the segment is evicted and its last user is done (the file is
/// unlinked at eviction; a read in progress finishes from the open handle). Fields are guarded by the cache's gate.
/// </summary>
internal sealed class CacheSegment(long sequence, bool fetched, string path, SafeFileHandle handle)
{
    public long Sequence { get; } = sequence;

    /// <summary>In the fetched share (objects read from the grid, not hit since), not the recent one.</summary>
    public bool Fetched { get; } = fetched;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Bytes reserved: the end of the last record, written or still being written.</summary>
    public long Length { get; set; }

    /// <summary>Bytes of the records the index points at.</summary>
    public long LiveBytes { get; set; }

    /// <summary>Appends reserved here and not yet published or abandoned.</summary>
    public int Writers { get; set; }

    /// <summary>Takes no more appends: loaded at start, or a failed write could not be turned into padding.</summary>
    public bool Sealed { get; set; }

    public bool Evicted { get; private set; }

    /// <summary>Every entry appended here, in order, live or since superseded (the index says which).</summary>
    public List<(ObjectKey Key, long Offset)> Entries { get; } = [];

    private int _users;

    /// <summary>Holds the handle open for a read or write; false once evicted.</summary>
    public bool TryAcquire()
    {
        if (Evicted)
        {
            return false;
        }

        _users++;
        return true;
    }

    public void Release()
    {
        if (--_users == 0 && Evicted)
        {
            Handle.Dispose();
        }
    }

    /// <summary>Takes the segment out of use; the handle closes now or when its last user releases it.</summary>
    public void Evict()
    {
        Evicted = true;
        if (_users == 0)
        {
            Handle.Dispose();
        }
    }

    /// <summary>
    /// Reads the records of a segment file from its start, calling <paramref name="onEntry"/> for each entry (padding is
    /// skipped), and returns where the valid records end: at the first header that does not verify or a record that runs
    /// past <paramref name="fileLength"/> (a write cut short by a crash; nothing after it is read).
    /// </summary>
    public static long Scan(SafeFileHandle handle, long fileLength, Action<CacheEntryHeader, long> onEntry)
    {
        Span<byte> buffer = stackalloc byte[CacheEntryHeader.Size];
        long offset = 0;
        while (offset + CacheEntryHeader.Size <= fileLength)
        {
            if (FileReads.ReadFully(handle, buffer, offset) < CacheEntryHeader.Size
                || !CacheEntryHeader.TryRead(buffer, out var header)
                || header.Length > fileLength - offset - CacheEntryHeader.Size)
            {
                break;
            }

            if (header.Kind == CacheRecordKind.Entry)
            {
                onEntry(header, offset);
            }

            offset += header.RecordLength;
        }

        return offset;
    }
}
