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
/// version already held keeps the first copy and succeeds (idempotent, converging), except the legal
/// replacements of <see cref="ManifestPlacement.Decide"/>: a placement update from repair or
/// rebalancing (compare-and-set per shard when the mover says what it started from) and a deferred
/// compression. Puts are
/// synced before they return, except a new manifest that <c>writeUnsynced</c> says its own shards already carry
/// durably (<see cref="ShardCarriedManifests"/>; made durable by the next <see cref="GridDatabase.WriteCheckpoint"/>,
/// restored from the shards after a crash). With <see cref="ManifestCataloging"/>, the manifest and the catalog
/// rows it carries go in one write (never one without the other). A stored value that fails its checksum throws
/// <see cref="GridManifestFormatException"/> (corruption, not an expected outcome). Thread-safe;
/// does not own the database.
/// </summary>
public sealed class RocksManifestReplica(GridDatabase database, ManifestCataloging? cataloging = null, Func<GridManifest, bool>? writeUnsynced = null) : IManifestReplica
{
    // Striped so that puts of different objects still reach RocksDB together (its group commit).
    private readonly Lock[] _stripes = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();
    private readonly UnsyncedWrites _unsynced = new(database);

    /// <summary>New manifests written unsynced so far.</summary>
    public long UnsyncedWrites => _unsynced.Written;

    /// <summary>
    /// Makes every manifest written unsynced so far durable with one synced checkpoint write; when none was written
    /// since the last one, marks the database clean (nothing to replay after a crash). Called about once a second.
    /// </summary>
    public void Checkpoint(DateTimeOffset now) => _unsynced.Checkpoint(now);

    /// <inheritdoc />
    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return ValueTask.FromResult(Apply(manifest, replaces: null));
    }

    /// <inheritdoc />
    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return ValueTask.FromResult(Apply(to, from));
    }

    private bool Apply(GridManifest incoming, GridManifest? replaces)
    {
        var key = ManifestKeys.Version(incoming.PartitionKey, incoming.ObjectId, incoming.Sha256);
        try
        {
            // Read-decide-write under the version's lock: two movers must not both decide on the old copy.
            lock (_stripes[(int)((uint)incoming.ObjectId.GetHashCode() % (uint)_stripes.Length)])
            {
                var held = database.Db.Get(key, database.Manifests);
                var put = ManifestPlacement.Decide(held is null ? null : GridManifestCodec.Decode(held), incoming, replaces);
                if (put.Action == ManifestPutAction.Store)
                {
                    var unsynced = held is null && replaces is null && writeUnsynced?.Invoke(put.Result) == true;
                    var options = unsynced ? database.Relaxed : database.Durable;
                    if (unsynced)
                    {
                        _unsynced.Begin(put.Result.CreatedAt);
                    }

                    try
                    {
                        using var batch = new WriteBatch();
                        batch.Put(key, GridManifestCodec.Encode(put.Result), database.Manifests);
                        if (cataloging?.EntryOf(put.Result) is { } entry)
                        {
                            cataloging.Index.Commit(entry, batch, options);
                        }
                        else
                        {
                            database.Db.Write(batch, options);
                        }
                    }
                    finally
                    {
                        if (unsynced)
                        {
                            _unsynced.End();
                        }
                    }
                }

                return put.Accepted;
            }
        }
        catch (RocksDbException)
        {
            // Disk full or failing: the replica refuses, the writer counts it as missed.
            return false;
        }
    }

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
        for (iterator.Seek(prefix); iterator.ValidOrThrow(); iterator.Next())
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
