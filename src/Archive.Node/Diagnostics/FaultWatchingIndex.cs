using System.Diagnostics.CodeAnalysis;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using RocksDbSharp;

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
        try
        {
            return inner.TryGetShard(key, out location);
        }
        catch (RocksDbException e)
        {
            faults.Record(Database, path, e);
            throw;
        }
    }

    public bool TryGetManifest(ObjectKey key, [NotNullWhen(true)] out byte[]? manifest)
    {
        try
        {
            return inner.TryGetManifest(key, out manifest);
        }
        catch (RocksDbException e)
        {
            faults.Record(Database, path, e);
            throw;
        }
    }

    public IEnumerable<ShardEntry> EnumerateShards(ObjectId? objectId = null) => Watched(inner.EnumerateShards(objectId));

    public IEnumerable<SegmentCheckpoint> EnumerateCheckpoints() => Watched(inner.EnumerateCheckpoints());

    public void Commit(IndexBatch batch, bool durable)
    {
        try
        {
            inner.Commit(batch, durable);
        }
        catch (RocksDbException e)
        {
            faults.Record(Database, path, e);
            throw;
        }
    }

    public void Dispose() => inner.Dispose();

    private IEnumerable<T> Watched<T>(IEnumerable<T> items)
    {
        using var enumerator = items.GetEnumerator();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (RocksDbException e)
            {
                faults.Record(Database, path, e);
                throw;
            }

            yield return enumerator.Current;
        }
    }
}
