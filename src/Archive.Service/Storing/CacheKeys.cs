using Archive.Codec.Fixity;
using Archive.Storage.Cache;
using Archive.Storage.Primitives;

namespace Archive.Service.Storing;

/// <summary>Replica cache entries are keyed by content: the first 16 bytes of the object's SHA-256 (every version its own entry).</summary>
public static class CacheKeys
{
    public static ObjectKey Of(Sha256Digest sha256) => new(ObjectId.Read(sha256.Bytes), 1);

    /// <summary>
    /// Copies the whole verified object in <paramref name="stream"/> into the replica cache (when there
    /// is one; an object over the cache's entry limit is skipped), in the share <paramref name="admission"/> names.
    /// Moves the stream's position.
    /// </summary>
    public static async Task KeepAsync(ReplicaCache? cache, Stream stream, Sha256Digest sha256, CacheAdmission admission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (cache is not null)
        {
            await cache.PutAsync(Of(sha256), stream, sha256, admission, cancellationToken).ConfigureAwait(false);
        }
    }
}
