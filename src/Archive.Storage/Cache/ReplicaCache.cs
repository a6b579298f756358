using System.Buffers;
using Archive.Codec.Fixity;
using Archive.Storage.Diagnostics;
using Archive.Storage.Io;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Cache;

/// <summary>
/// Size-bounded cache of whole objects on the fast disk, least recently used out first, and scan-resistant:
/// an object fetched from the grid for a retrieve (<see cref="CacheAdmission.Fetched"/>) is held in a cold share
/// of at most <see cref="FetchedShare"/> of the capacity until it is hit again, so one pass over more old objects
/// than the cache holds (an export, a migration, a full C-MOVE) replaces that share, not the recent ingest.
/// Every hit is verified against the SHA-256 in the entry header (and the caller's expected digest when
/// given); a bad entry is dropped and reported as <see cref="CacheLookup.Corrupt"/>. Entries are written to a temporary
/// file and renamed into place, so a crash leaves either the whole entry or none; recency is kept
/// in file modification times, so the order survives restarts (entries reload as recently used; the cold share
/// starts empty). Thread-safe.
/// The cache is never the only copy: losing it costs only speed.
/// </summary>
public sealed class ReplicaCache
{
    /// <summary>Bytes copied per write when an entry comes from a stream.</summary>
    private const int CopyBytes = 128 * 1024;

    /// <summary>Fetched objects not hit since stay within this fraction of the capacity (2Q's first-in queue).</summary>
    public const double FetchedShare = 0.25;

    private readonly ReplicaCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly LinkedList<Entry> _recent = new();
    private readonly LinkedList<Entry> _fetched = new();
    private readonly Dictionary<ObjectKey, LinkedListNode<Entry>> _entries = [];
    private long _bytes;
    private long _fetchedBytes;
    private long _uses;

    /// <summary>Opens the cache, loading the existing entries in their recency order.</summary>
    public ReplicaCache(ReplicaCacheOptions options, TimeProvider time, StorageMetrics metrics, ILogger<ReplicaCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(options.Directory);
        Load();
    }

    /// <summary>Bytes held (file sizes).</summary>
    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Entries held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    private long MaxObjectBytes => _options.MaxObjectBytes ?? (_options.CapacityBytes / 4);

    /// <summary>
    /// Looks up an object and copies its bytes to <paramref name="destination"/> (from its position) in pieces, hashing
    /// them on the way, so no whole-object array is allocated. On <see cref="CacheLookup.Hit"/> the bytes written are the
    /// verified object; on <see cref="CacheLookup.Corrupt"/> what was written must be discarded (the bad entry is
    /// dropped). With <paramref name="expected"/>, an entry with another digest is treated as corrupt.
    /// </summary>
    /// <exception cref="IOException">Writing to <paramref name="destination"/> failed (the entry stays).</exception>
    public async Task<CacheLookup> TryCopyToAsync(ObjectKey key, Sha256Digest? expected, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                _metrics.CacheMisses.Add(1);
                return CacheLookup.Miss;
            }

            Unlink(node);
            _entries[key] = Link(node.Value with { LastUse = ++_uses }, CacheAdmission.Stored);
        }

        string path = PathOf(key);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Remove(key);
            _metrics.CacheMisses.Add(1);
            return CacheLookup.Miss;
        }

        using (handle)
        {
            if (!await CopyVerifiedAsync(handle, key, expected, destination, cancellationToken).ConfigureAwait(false))
            {
                _logger.CacheEntryCorrupt(key);
                Remove(key);
                _metrics.CacheMisses.Add(1);
                return CacheLookup.Corrupt;
            }
        }

        _metrics.CacheHits.Add(1);
        return CacheLookup.Hit;
    }

    /// <summary>Copies an entry's object bytes, checking its header first and its SHA-256 at the end; false when the entry is bad.</summary>
    private static async Task<bool> CopyVerifiedAsync(SafeFileHandle handle, ObjectKey key, Sha256Digest? expected, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            long fileLength = RandomAccess.GetLength(handle); // the file as opened
            if (await ReadFullyAsync(handle, buffer.AsMemory(0, CacheEntryHeader.Size), 0, cancellationToken).ConfigureAwait(false) < CacheEntryHeader.Size
                || !CacheEntryHeader.TryRead(buffer, out var header) || header.Key != key || header.Length != fileLength - CacheEntryHeader.Size
                || (expected is { } want && want != header.Sha256))
            {
                return false;
            }

            using var hasher = new ObjectHasher();
            for (long copied = 0; copied < header.Length;)
            {
                var piece = buffer.AsMemory(0, (int)Math.Min(buffer.Length, header.Length - copied));
                if (await ReadFullyAsync(handle, piece, CacheEntryHeader.Size + copied, cancellationToken).ConfigureAwait(false) < piece.Length)
                {
                    return false; // cut short under us
                }

                hasher.Append(piece.Span);
                await destination.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                copied += piece.Length;
            }

            return hasher.Finish() == header.Sha256;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><see cref="FileReads.ReadFullyAsync"/> of an entry: -1 when its file cannot be read (a bad entry, not the destination's failure).</summary>
    private static async Task<int> ReadFullyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        try
        {
            return await FileReads.ReadFullyAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Caches an object whose digest the caller verified. Too-large objects are skipped (false).
    /// Evicts entries to stay within the capacity: <paramref name="admission"/> says which share it joins.
    /// </summary>
    public bool Put(ObjectKey key, ReadOnlySpan<byte> data, Sha256Digest sha256, CacheAdmission admission = CacheAdmission.Stored)
    {
        if (data.Length > MaxObjectBytes)
        {
            return false;
        }

        string temp = BeginEntry(key, data.Length, sha256, out var handle);
        using (handle)
        {
            RandomAccess.Write(handle, data, CacheEntryHeader.Size);
        }

        Publish(key, temp, data.Length, admission);
        return true;
    }

    /// <summary>
    /// <see cref="Put(ObjectKey, ReadOnlySpan{byte}, Sha256Digest)"/> for the bytes of <paramref name="data"/> from its
    /// start (a spooled object), copied in pieces rather than gathered in one array first.
    /// </summary>
    /// <exception cref="IOException">The stream ended before its length; nothing is cached.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is cached.</exception>
    public async Task<bool> PutAsync(ObjectKey key, Stream data, Sha256Digest sha256, CacheAdmission admission = CacheAdmission.Stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxObjectBytes)
        {
            return false;
        }

        long length = data.Length;
        string temp = BeginEntry(key, length, sha256, out var handle);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            using (handle)
            {
                data.Seek(0, SeekOrigin.Begin);
                for (long copied = 0; copied < length;)
                {
                    int read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException($"the object ended after {copied} of {length} bytes");
                    }

                    await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), CacheEntryHeader.Size + copied, cancellationToken).ConfigureAwait(false);
                    copied += read;
                }
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Publish(key, temp, length, admission);
        return true;
    }

    /// <summary>A new temporary entry file with its header written; the caller writes the bytes after it.</summary>
    private string BeginEntry(ObjectKey key, long length, Sha256Digest sha256, out SafeFileHandle handle)
    {
        string temp = PathOf(key) + "." + Guid.NewGuid().ToString("N") + StoragePaths.TemporaryExtension;
        var header = new byte[CacheEntryHeader.Size];
        new CacheEntryHeader(key, length, sha256).Write(header);
        handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write);
        try
        {
            RandomAccess.Write(handle, header, 0);
        }
        catch
        {
            handle.Dispose();
            File.Delete(temp);
            throw;
        }

        return temp;
    }

    /// <summary>Renames a written entry into place and accounts for it (replacing any older one under the key).</summary>
    private void Publish(ObjectKey key, string temp, long length, CacheAdmission admission)
    {
        string path = PathOf(key);
        File.SetLastWriteTimeUtc(temp, _time.GetUtcNow().UtcDateTime);
        File.Move(temp, path, overwrite: true);
        long size = CacheEntryHeader.Size + length;
        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                Unlink(old);
            }

            _entries[key] = Link(new Entry(key, size, ++_uses), admission);
        }

        EvictToCapacity();
    }

    /// <summary>Drops an entry (e.g. the object was deleted or superseded).</summary>
    public void Remove(ObjectKey key)
    {
        lock (_gate)
        {
            if (!_entries.Remove(key, out var node))
            {
                return;
            }

            Unlink(node);
        }

        File.Delete(PathOf(key));
    }

    private void EvictToCapacity()
    {
        while (true)
        {
            ObjectKey victim;
            lock (_gate)
            {
                if (_bytes <= _options.CapacityBytes || Victim() is not { } next)
                {
                    return;
                }

                victim = next;
            }

            Remove(victim);
            _metrics.CacheEvictions.Add(1);
        }
    }

    private void Load()
    {
        var found = new List<(ObjectKey Key, long Bytes, DateTime Used)>();
        foreach (var file in new DirectoryInfo(_options.Directory).EnumerateFiles())
        {
            if (file.Name.EndsWith(StoragePaths.TemporaryExtension, StringComparison.Ordinal))
            {
                file.Delete();
            }
            else if (StoragePaths.TryParseCacheFileName(file.Name, out var key))
            {
                found.Add((key, file.Length, file.LastWriteTimeUtc));
            }
        }

        foreach (var (key, bytes, _) in found.OrderBy(f => f.Used))
        {
            _entries[key] = Link(new Entry(key, bytes, ++_uses), CacheAdmission.Stored);
        }

        EvictToCapacity();
    }

    /// <summary>
    /// The entry to evict next (under the gate): the coldest fetched one while fetched entries exceed their share,
    /// otherwise whichever of the two least recently used entries was used longer ago.
    /// </summary>
    private ObjectKey? Victim()
    {
        var fetched = _fetched.Last;
        var recent = _recent.Last;
        if (fetched is null || (recent is not null && _fetchedBytes <= _options.CapacityBytes * FetchedShare && recent.Value.LastUse < fetched.Value.LastUse))
        {
            return recent?.Value.Key;
        }

        return fetched.Value.Key;
    }

    /// <summary>Puts an entry at the head of the list its admission names (under the gate) and counts its bytes.</summary>
    private LinkedListNode<Entry> Link(Entry entry, CacheAdmission admission)
    {
        _bytes += entry.Bytes;
        if (admission == CacheAdmission.Fetched)
        {
            _fetchedBytes += entry.Bytes;
            return _fetched.AddFirst(entry);
        }

        return _recent.AddFirst(entry);
    }

    /// <summary>Takes an entry out of its list (under the gate) and uncounts its bytes.</summary>
    private void Unlink(LinkedListNode<Entry> node)
    {
        _bytes -= node.Value.Bytes;
        if (node.List == _fetched)
        {
            _fetchedBytes -= node.Value.Bytes;
        }

        node.List!.Remove(node);
    }

    private string PathOf(ObjectKey key) => Path.Combine(_options.Directory, StoragePaths.CacheFileName(key));

    /// <param name="LastUse">When it was last put or hit (or, loaded at start, its file's place in recency order), in this cache's use count.</param>
    private readonly record struct Entry(ObjectKey Key, long Bytes, long LastUse);
}

/// <summary>How an object enters the <see cref="ReplicaCache"/>.</summary>
public enum CacheAdmission
{
    /// <summary>Just stored through this node (or hit): counts as recently used.</summary>
    Stored = 0,

    /// <summary>Read from the grid for a retrieve: held in the fetched share until it is hit again.</summary>
    Fetched = 1,
}
