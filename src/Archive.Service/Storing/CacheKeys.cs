using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Archive.Storage.Primitives;

namespace Archive.Service.Storing;

/// <summary>Replica cache entries are keyed by content: the first 16 bytes of the object's SHA-256 (every version its own entry).</summary>
public static class CacheKeys
{
    /// <summary>Objects above this are not copied into memory to be cached on ingest.</summary>
    public const long MaxCachedOnIngest = 256L * 1024 * 1024;

    public static ObjectKey Of(Sha256Digest sha256) => new(ObjectId.Read(sha256.Bytes), 1);

    /// <summary>
    /// Copies the whole verified object in <paramref name="stream"/> into the replica cache (when there
    /// is one and the object is not too large to hold in memory). Leaves the stream at its end.
    /// </summary>
    public static async Task KeepAsync(ReplicaCache? cache, Stream stream, Sha256Digest sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (cache is null || stream.Length > MaxCachedOnIngest)
        {
            return;
        }

        var bytes = new byte[stream.Length];
        stream.Seek(0, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        cache.Put(Of(sha256), bytes, sha256);
    }
}
