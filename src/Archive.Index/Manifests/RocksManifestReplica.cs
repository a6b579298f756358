using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using RocksDbSharp;

namespace Archive.Index.Manifests;

/// <summary>
/// This node's catalog partition replicas in the <c>manifests</c> column family of the
/// <see cref="GridDatabase"/>: key <see cref="ManifestKeys"/>, value the manifest's persisted
/// form (<see cref="GridManifestCodec"/>). A version is identified by its SHA-256, so a put of a
/// version already held keeps the first copy and succeeds (idempotent, converging), except a
/// placement update from repair (<see cref="ManifestPlacement.IsPlacementUpdate"/>), which
/// replaces the held shard locations and nothing else, and a deferred compression
/// (<see cref="ManifestPlacement.IsDeferredCompression"/>), which replaces uncompressed parts. Puts are
/// synced before they return; with <see cref="ManifestCataloging"/>, the manifest and the catalog
/// rows it carries go in one synced write (one fsync, and never one without the other). A stored value that fails its checksum throws
/// <see cref="GridManifestFormatException"/> (corruption, not an expected outcome). Thread-safe;
/// does not own the database.
/// </summary>
public sealed class RocksManifestReplica(GridDatabase database, ManifestCataloging? cataloging = null) : IManifestReplica
{
    /// <inheritdoc />
    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = ManifestKeys.Version(manifest.PartitionKey, manifest.ObjectId, manifest.Sha256);
        var value = GridManifestCodec.Encode(manifest);
        try
        {
            var held = database.Db.Get(key, database.Manifests);
            if (held is null || IsLegalReplacement(GridManifestCodec.Decode(held), manifest))
            {
                using var batch = new WriteBatch();
                batch.Put(key, value, database.Manifests);
                if (cataloging?.EntryOf(manifest) is { } entry)
                {
                    cataloging.Index.Commit(entry, batch);
                }
                else
                {
                    database.Db.Write(batch, database.Durable);
                }
            }

            return ValueTask.FromResult(true);
        }
        catch (RocksDbException)
        {
            // Disk full or failing: the replica refuses, the writer counts it as missed.
            return ValueTask.FromResult(false);
        }
    }

    private static bool IsLegalReplacement(GridManifest held, GridManifest incoming) =>
        ManifestPlacement.IsPlacementUpdate(held, incoming) || ManifestPlacement.IsDeferredCompression(held, incoming);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var versions = Scan(ManifestKeys.Object(partitionKey, objectId), cancellationToken).OrderBy(m => m.CreatedAt).ToArray();
        return ValueTask.FromResult<IReadOnlyList<GridManifest>>(versions);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        await Task.Yield();
        foreach (var manifest in Scan(ManifestKeys.Partition(partitionKey), cancellationToken))
        {
            yield return manifest;
        }
    }

    private IEnumerable<GridManifest> Scan(byte[] prefix, CancellationToken cancellationToken)
    {
        using var iterator = database.Db.NewIterator(database.Manifests);
        for (iterator.Seek(prefix); iterator.Valid(); iterator.Next())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!iterator.Key().AsSpan().StartsWith(prefix))
            {
                yield break;
            }

            yield return GridManifestCodec.Decode(iterator.Value());
        }
    }
}
