using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store;

/// <summary>
/// What the grid asks of one node's storage, locally or over gRPC (Orthanc's <c>IStorageArea</c>
/// spirit: a small seam; health tracking, metrics and fault injection are decorators). Expected
/// outcomes (not found, corrupt, disk full) are values; exceptions mean bugs.
/// Implementations are thread-safe.
/// </summary>
public interface IShardStore
{
    /// <summary>Stores one shard durably; returns only when it is fsynced and indexed, or failed with nothing visible.</summary>
    ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads shard bytes from <paramref name="offset"/> into <paramref name="destination"/> (fewer at the
    /// end of the shard), verifying the checksum of every block touched.
    /// </summary>
    ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>Deletes a shard (a durable tombstone, then the index entry); space returns at compaction.</summary>
    ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole record and checks every checksum; flags the entry for repair when bad.</summary>
    ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default);

    /// <summary>The manifest stored with an object's shards on this node, if any.</summary>
    ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default);

    /// <summary>The shards held here (all, or one object's), in key order.</summary>
    IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, CancellationToken cancellationToken = default);

    /// <summary>Disk states and capacity, for placement and operators.</summary>
    StoreHealth GetHealth();
}
