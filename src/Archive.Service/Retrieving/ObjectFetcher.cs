using Archive.Codec.Fixity;
using Archive.Dicom.IO;
using Archive.Grid.Reading;
using Archive.Service.Storing;
using Archive.Storage.Cache;

namespace Archive.Service.Retrieving;

/// <summary>
/// Brings a stored object to this node, verified: from the local replica cache when it holds the
/// version, else from the grid (degraded reads included) into a delete-on-close temporary file on
/// the fast disk, then warms the cache. What comes back always passed its SHA-256. Thread-safe.
/// </summary>
public sealed class ObjectFetcher(GridReader reader, ReplicaCache? cache, string temporaryDirectory)
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// The version <paramref name="version"/> (SHA-256 hex, as the catalog row names it; the newest when null)
    /// of <paramref name="sopInstanceUid"/> in study <paramref name="studyUid"/>, opened at its first byte; throws
    /// <see cref="FetchException"/> when it cannot be had. A named version in the cache needs no manifest lookup.
    /// </summary>
    public async Task<FetchedObject> FetchAsync(string studyUid, string sopInstanceUid, string? version, CancellationToken cancellationToken)
    {
        Sha256Digest? sha256 = version is { Length: Sha256Digest.Length * 2 } hex && !hex.AsSpan().ContainsAnyExcept(HexDigits) ? Sha256Digest.Parse(hex) : null;
        Stream? stream = sha256 is { } known ? FromCache(known) : null;
        if (stream is null)
        {
            var manifest = await reader.FindAsync(studyUid, sopInstanceUid, sha256, cancellationToken).ConfigureAwait(false)
                ?? throw new FetchException("no reachable catalog replica knows the object");
            stream = FromCache(manifest.Sha256) ?? await FromGridAsync(manifest, cancellationToken).ConfigureAwait(false);
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

    private MemoryStream? FromCache(Sha256Digest sha256) =>
        cache is not null && cache.TryGet(CacheKeys.Of(sha256), sha256, out var bytes) == CacheLookup.Hit ? new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false) : null;

    private async Task<Stream> FromGridAsync(Grid.Manifests.GridManifest manifest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(temporaryDirectory);
        var path = Path.Combine(temporaryDirectory, Guid.NewGuid().ToString("N") + ".fetch");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var outcome = await reader.ReadAsync(manifest, file, cancellationToken).ConfigureAwait(false);
            if (!outcome.IsSuccess)
            {
                throw new FetchException(outcome.Detail);
            }

            await CacheKeys.KeepAsync(cache, file, manifest.Sha256, cancellationToken).ConfigureAwait(false);

            file.Seek(0, SeekOrigin.Begin);
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>A verified object: the whole Part 10 stream and where its dataset starts. The owner disposes it.</summary>
public sealed record FetchedObject(Stream Stream, long DatasetOffset) : IAsyncDisposable
{
    public long DatasetLength => Stream.Length - DatasetOffset;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

/// <summary>An object that cannot be brought back now (unknown, or not rebuildable): the sub-operation fails, never with wrong bytes.</summary>
public sealed class FetchException(string reason) : IOException(reason);
