using System.Diagnostics.CodeAnalysis;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's shard index as its store uses it, with every database error noted in <see cref="DatabaseFaults"/>
/// before it goes on to the caller: a damaged index otherwise showed only as shards that read unavailable, and
/// intact objects that <c>verify</c> called unrecoverable. Owns the inner index.
/// </summary>
internal sealed class FaultWatchingIndex(IShardIndex inner, DatabaseFaults faults, string path) : IShardIndex
{
    private const string Database = "shard index";

    public bool TryGetShard(ShardKey key, out ShardLocation location)
    {
        (var found, location) = faults.Watch(Database, path, () => (inner.TryGetShard(key, out var at), at));
        return found;
    }

    public bool TryGetManifest(ObjectKey key, [NotNullWhen(true)] out byte[]? manifest)
    {
        (var found, manifest) = faults.Watch(Database, path, () => (inner.TryGetManifest(key, out var bytes), bytes));
        return found;
    }

    public IEnumerable<ShardEntry> EnumerateShards(ObjectId? objectId = null) => faults.Watch(Database, path, inner.EnumerateShards(objectId));

    public IEnumerable<SegmentCheckpoint> EnumerateCheckpoints() => faults.Watch(Database, path, inner.EnumerateCheckpoints());

    public void Commit(IndexBatch batch, bool durable) => faults.Watch(Database, path, () =>
    {
        inner.Commit(batch, durable);
        return true;
    });

    public void Dispose() => inner.Dispose();
}
