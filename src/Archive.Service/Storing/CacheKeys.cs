using Archive.Codec.Fixity;
using Archive.Storage.Primitives;

namespace Archive.Service.Storing;

/// <summary>Replica cache entries are keyed by content: the first 16 bytes of the object's SHA-256 (every version its own entry).</summary>
public static class CacheKeys
{
    /// <summary>Objects above this are not copied into memory to be cached on ingest.</summary>
    public const long MaxCachedOnIngest = 256L * 1024 * 1024;

    public static ObjectKey Of(Sha256Digest sha256) => new(ObjectId.Read(sha256.Bytes), 1);
}
