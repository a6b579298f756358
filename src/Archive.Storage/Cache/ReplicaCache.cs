using System.Buffers;
using Archive.Codec.Fixity;
using Archive.Storage.Diagnostics;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Cache;

/// <summary>
/// Size-bounded cache of whole objects on the fast disk, kept in append-only segment files (<see cref="CacheSegment"/>)
/// rather than a file per object: an object costs an append, not a file created and, once evicted, deleted (measured on
/// the development VM's ext4: 0.6 of the single node's 2.7 ms of CPU per stored object). Eviction drops a whole segment, oldest
/// first, and gives the entries hit recently a second chance (copied to the newest segment), so what is read stays
/// and what is not ages out. Scan-resistant: an object fetched from the grid for a retrieve
/// (<see cref="CacheAdmission.Fetched"/>) is written to segments of its own, held to <see cref="FetchedShare"/> of the
/// capacity and evicted first beyond it, unless hit again (then it moves to the recent share when its segment goes),
/// so one pass over more old objects than the cache holds (an export, a migration, a full C-MOVE) replaces that share,
/// not the recent ingest. Every hit is verified against the SHA-256 in its record header (and the caller's expected
/// digest when given); a bad entry is dropped and reported as <see cref="CacheLookup.Corrupt"/>, its record turned into
/// padding so a restart does not load it again. Nothing is fsynced: after a crash
/// the records that verify are loaded again, in order, and a torn tail is cut off; a link in the directory is never
/// followed. A cache that cannot be written (disk full, directory gone) caches nothing and says so in the log, never
/// failing the store or retrieve that offered the object. Thread-safe.
/// The cache is never the only copy: losing it costs only speed.
/// </summary>
public sealed partial class ReplicaCache : IDisposable
{
    /// <summary>Bytes copied per read or write when an entry comes from or goes to a stream.</summary>
    private const int CopyBytes = 128 * 1024;

    /// <summary>Fetched objects not hit since stay within this fraction of the capacity (2Q's first-in queue).</summary>
    public const double FetchedShare = 0.25;

    private readonly ReplicaCacheOptions _options;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<CacheSegment> _segments = []; // oldest first
    private readonly Dictionary<ObjectKey, Location> _index = [];
    private CacheSegment? _recent;
    private CacheSegment? _fetched;
    private long _nextSequence = 1;
    private long _bytes;
    private long _fetchedBytes;
    private long _appended; // bytes ever reserved since the cache opened: the clock of recency
    private long _lastWriteFailureLogged = -60_000;
    private bool _disposed;

    /// <summary>Opens the cache, loading the entries its segments hold (format-1 files, one per object, are deleted).</summary>
    public ReplicaCache(ReplicaCacheOptions options, StorageMetrics metrics, ILogger<ReplicaCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(options.Directory);
        Load();
    }

    /// <summary>Bytes held (the segment files, superseded records included until their segment goes).</summary>
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
                return _index.Count;
            }
        }
    }

    private long MaxObjectBytes => _options.MaxObjectBytes ?? (_options.CapacityBytes / 4);

    private long SegmentBytes => _options.SegmentBytes ?? Math.Clamp(_options.CapacityBytes / 32, 1 << 20, 64 << 20);

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
        Location location;
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out location) || !location.Segment.TryAcquire())
            {
                _metrics.CacheMisses.Add(1);
                return CacheLookup.Miss;
            }

            _index[key] = location with { LastHit = _appended };
        }

        bool verified;
        try
        {
            verified = await CopyVerifiedAsync(location, key, expected, destination, cancellationToken).ConfigureAwait(false) is not null;
        }
        finally
        {
            Release(location.Segment);
        }

        if (!verified)
        {
            _logger.CacheEntryCorrupt(key);
            Forget(key, location);
            _metrics.CacheMisses.Add(1);
            return CacheLookup.Corrupt;
        }

        _metrics.CacheHits.Add(1);
        return CacheLookup.Hit;
    }

    /// <summary>
    /// Copies an entry's object bytes, checking its header first and its SHA-256 at the end; the header when the entry
    /// verifies, null when it is bad.
    /// </summary>
    private static async Task<CacheEntryHeader?> CopyVerifiedAsync(Location location, ObjectKey key, Sha256Digest? expected, Stream destination, CancellationToken cancellationToken)
    {
        var handle = location.Segment.Handle;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            if (await ReadFullyAsync(handle, buffer.AsMemory(0, CacheEntryHeader.Size), location.Offset, cancellationToken).ConfigureAwait(false) < CacheEntryHeader.Size
                || !CacheEntryHeader.TryRead(buffer, out var header) || header.Kind != CacheRecordKind.Entry || header.Key != key
                || header.Length != location.Length || (expected is { } want && want != header.Sha256))
            {
                return null;
            }

            using var hasher = new ObjectHasher();
            long start = location.Offset + CacheEntryHeader.Size;
            for (long copied = 0; copied < header.Length;)
            {
                var piece = buffer.AsMemory(0, (int)Math.Min(buffer.Length, header.Length - copied));
                if (await ReadFullyAsync(handle, piece, start + copied, cancellationToken).ConfigureAwait(false) < piece.Length)
                {
                    return null; // cut short under us
                }

                hasher.Append(piece.Span);
                await destination.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
                copied += piece.Length;
            }

            return hasher.Finish() == header.Sha256 ? header : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><see cref="FileReads.ReadFullyAsync"/> of an entry: -1 when its segment cannot be read (a bad entry, not the destination's failure).</summary>
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
    /// Caches the object in <paramref name="data"/> (from its start, copied in pieces), whose digest the caller verified.
    /// False when nothing was cached: the object is larger than an entry may be, or the cache cannot be written (its
    /// disk full, its directory gone or read-only: logged; the object is durable elsewhere, so the caller goes on). Evicts
    /// segments to stay within the capacity: <paramref name="admission"/> says which share it joins.
    /// </summary>
    /// <exception cref="IOException">Reading <paramref name="data"/> failed or it ended before its length; nothing is cached.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is cached.</exception>
    public async Task<bool> PutAsync(ObjectKey key, Stream data, Sha256Digest sha256, CacheAdmission admission = CacheAdmission.Stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxObjectBytes)
        {
            return false;
        }

        long length = data.Length;
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var present) && present.Length == length && present.Sha256 == sha256)
            {
                // Cached already (a PACS sending a study again): another copy would only take room (sweep E: 100 stores of one
                // object took 100 copies' room, and pushed other objects out).
                return true;
            }
        }

        Append append;
        try
        {
            append = Begin(new CacheEntryHeader(key, length, sha256), admission == CacheAdmission.Fetched);
        }
        catch (Exception e) when (IsCacheWriteFailure(e))
        {
            WriteFailed(e);
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBytes);
        try
        {
            data.Seek(0, SeekOrigin.Begin);
            for (long copied = 0; copied < length;)
            {
                int read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"the object ended after {copied} of {length} bytes");
                }

                if (!TryWrite(append, buffer.AsSpan(0, read), copied))
                {
                    return false;
                }

                copied += read;
            }
        }
        catch
        {
            Abandon(append);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Publish(append);
        await EvictToCapacityAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Writes a piece of a reserved record's object bytes: a plain write, as it only copies into the page cache (nothing
    /// is synced) and an asynchronous one would hand each piece to another pool thread and back. False (the record
    /// abandoned, the failure logged) when the cache cannot be written.
    /// </summary>
    private bool TryWrite(Append append, ReadOnlySpan<byte> piece, long offset)
    {
        try
        {
            RandomAccess.Write(append.Segment.Handle, piece, append.DataOffset + offset);
            return true;
        }
        catch (Exception e) when (IsCacheWriteFailure(e))
        {
            Abandon(append);
            WriteFailed(e);
            return false;
        }
    }

    private static bool IsCacheWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>Logs a failed cache write, at most once a minute (a full cache disk fails every store).</summary>
    private void WriteFailed(Exception e)
    {
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastWriteFailureLogged);
        if (now - last >= 60_000 && Interlocked.CompareExchange(ref _lastWriteFailureLogged, now, last) == last)
        {
            _logger.CacheWriteFailed(_options.Directory, e.Message);
        }
    }

    /// <summary>Closes the segment files (reads and writes in progress finish first).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var segment in _segments)
            {
                segment.Evict();
            }

            _segments.Clear();
            _index.Clear();
            _recent = _fetched = null;
        }
    }

    /// <summary>Where an entry's record is; <see cref="LastHit"/>: the bytes appended to the cache when it was last looked up (null: not since written).</summary>
    private readonly record struct Location(CacheSegment Segment, long Offset, long Length, Sha256Digest Sha256, long? LastHit);

    /// <summary>A record reserved in <see cref="Segment"/> at <see cref="Offset"/>, its header written, its object bytes not yet all.</summary>
    private sealed record Append(CacheSegment Segment, long Offset, CacheEntryHeader Header)
    {
        public long DataOffset => Offset + CacheEntryHeader.Size;
    }
}

/// <summary>How an object enters the <see cref="ReplicaCache"/>.</summary>
public enum CacheAdmission
{
    /// <summary>Just stored through this node (or hit): counts as recently used.</summary>
    Stored = 0,

    /// <summary>Read from the grid for a retrieve: held in the fetched share until it is hit again.</summary>
    Fetched = 1,
}
