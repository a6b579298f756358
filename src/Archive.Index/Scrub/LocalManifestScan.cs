using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;

namespace Archive.Index.Scrub;

/// <summary>
/// Every manifest this node's catalog partition replicas hold, in key order (partition, object,
/// version), streamed from the <c>manifests</c> column family for anti-entropy. Read-only; a
/// snapshot iterator per call; thread-safe. Does not own the database.
/// </summary>
public sealed class LocalManifestScan(GridDatabase database)
{
    private readonly GridDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public async IAsyncEnumerable<GridManifest> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        using var iterator = _database.Db.NewIterator(_database.Manifests);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return GridManifestCodec.Decode(iterator.Value());
        }
    }
}
