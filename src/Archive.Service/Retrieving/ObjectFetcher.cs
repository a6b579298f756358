using Archive.Codec.Fixity;
using Archive.Dicom.IO;
using Archive.Grid.Reading;
using Archive.Service.Storing;
using Archive.Storage.Cache;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Retrieving;

/// <summary>
/// Brings a stored object to this node, verified: from the local replica cache when it holds the
/// version, else from the grid (degraded reads included) into a <see cref="Spool"/> (pooled memory
/// within the fetch budget, a delete-on-close file on the fast disk past it), then keeps it in the cache's
/// fetched share (<see cref="CacheAdmission.Fetched"/>: a pass over old objects does not flush recent ingest).
/// What comes back always passed its SHA-256. Thread-safe.
/// </summary>
public sealed partial class ObjectFetcher
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private readonly GridReader _reader;
    private readonly ReplicaCache? _cache;
    private readonly string _spoolDirectory;
    private readonly long _memoryObjectBytes;
    private readonly SpoolBudget _budget;
    private readonly ILogger _logger;

    /// <param name="reader">The grid reader for what the cache lacks.</param>
    /// <param name="cache">The node's replica cache; null reads every object from the grid.</param>
    /// <param name="spoolDirectory">Where an object too large for memory is spooled (left-over spools are removed now).</param>
    /// <param name="memoryObjectBytes">Objects up to this size are held in memory…</param>
    /// <param name="memoryBytes">…while all fetches in flight together hold at most this much.</param>
    public ObjectFetcher(GridReader reader, ReplicaCache? cache, string spoolDirectory, long memoryObjectBytes, long memoryBytes, ILogger? logger = null)
    {
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _reader = reader;
        _cache = cache;
        _spoolDirectory = spoolDirectory;
        _memoryObjectBytes = memoryObjectBytes;
        _budget = new SpoolBudget(memoryBytes);
        Spool.RemoveAbandoned(spoolDirectory);
    }

    /// <summary>
    /// The version <paramref name="version"/> (SHA-256 hex, as the catalog row names it; the newest when null)
    /// of <paramref name="sopInstanceUid"/> in study <paramref name="studyUid"/>, opened at its first byte; throws
    /// <see cref="FetchException"/> when it cannot be had. A named version in the cache needs no manifest lookup.
    /// </summary>
    public async Task<FetchedObject> FetchAsync(string studyUid, string sopInstanceUid, string? version, CancellationToken cancellationToken)
    {
        Sha256Digest? sha256 = version is { Length: Sha256Digest.Length * 2 } hex && !hex.AsSpan().ContainsAnyExcept(HexDigits) ? Sha256Digest.Parse(hex) : null;
        Stream? stream = sha256 is { } known ? await FromCacheAsync(known, cancellationToken).ConfigureAwait(false) : null;
        if (stream is null)
        {
            var manifest = await _reader.FindAsync(studyUid, sopInstanceUid, sha256, cancellationToken).ConfigureAwait(false)
                ?? throw new FetchException("no reachable catalog replica knows the object");
            // The cache was asked already when the version was named: one fetch, one lookup.
            stream = (manifest.Sha256 != sha256 ? await FromCacheAsync(manifest.Sha256, cancellationToken).ConfigureAwait(false) : null)
                ?? await FromGridAsync(manifest, cancellationToken).ConfigureAwait(false);
            sha256 = manifest.Sha256;
        }

        // A large object waits in a file until it is sent: what is sent is checked again against what was verified.
        if (stream is Spool { OnDisk: true })
        {
            stream = new RecheckingStream(stream, sha256!.Value, () => LogChangedInSpool(sopInstanceUid));
        }

        try
        {
            var head = new byte[(int)Math.Min(stream.Length, 512)];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            if (!DicomPart10Envelope.TryGetDatasetOffset(head, out var offset) || offset > stream.Length)
            {
                throw new FetchException("stored object has a malformed Part 10 header");
            }

            stream.Seek(0, SeekOrigin.Begin);
            return new FetchedObject(stream, offset);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The cached, verified copy; null when the cache lacks it (or held a bad copy, now dropped).</summary>
    private Task<Stream?> FromCacheAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        _cache is null
            ? Task.FromResult<Stream?>(null)
            : SpooledAsync(async spool => await _cache.TryCopyToAsync(CacheKeys.Of(sha256), sha256, spool, cancellationToken).ConfigureAwait(false) == CacheLookup.Hit);

    /// <summary>The object read from the grid (verified by the reader), which then warms the cache.</summary>
    private async Task<Stream> FromGridAsync(Grid.Manifests.GridManifest manifest, CancellationToken cancellationToken) =>
        (await SpooledAsync(async spool =>
        {
            var outcome = await _reader.ReadAsync(manifest, spool, cancellationToken).ConfigureAwait(false);
            if (!outcome.IsSuccess)
            {
                throw new FetchException(outcome.Detail);
            }

            await CacheKeys.KeepAsync(_cache, spool, manifest.Sha256, CacheAdmission.Fetched, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false))!;

    /// <summary>
    /// A new spool filled by <paramref name="fill"/>, at its first byte, when <paramref name="fill"/> says it holds the
    /// object; otherwise (false or a throw) the spool is disposed. Its bytes are verified where they come from.
    /// </summary>
    private async Task<Stream?> SpooledAsync(Func<Spool, Task<bool>> fill)
    {
        var spool = new Spool(_budget, _memoryObjectBytes, _spoolDirectory, hashes: false);
        try
        {
            if (await fill(spool).ConfigureAwait(false))
            {
                spool.Seek(0, SeekOrigin.Begin);
                return spool;
            }
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await spool.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    [LoggerMessage(EventId = 6202, Level = LogLevel.Critical, Message = "Object {SopInstanceUid} changed in its fetch spool after it was verified: not sent, the sub-operation fails (the stored object is unaffected; check the fast disk)")]
    private partial void LogChangedInSpool(string sopInstanceUid);
}

/// <summary>A verified object: the whole Part 10 stream and where its dataset starts. The owner disposes it.</summary>
public sealed record FetchedObject(Stream Stream, long DatasetOffset) : IAsyncDisposable
{
    public long DatasetLength => Stream.Length - DatasetOffset;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

/// <summary>An object that cannot be brought back now (unknown, or not rebuildable): the sub-operation fails, never with wrong bytes.</summary>
public sealed class FetchException(string reason) : IOException(reason);
