using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using RocksDbSharp;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's manifest replica as the grid and its peers use it, with every database error noted in
/// <see cref="DatabaseFaults"/> before it goes on to the caller (who counts it as a replica that did not answer).
/// </summary>
internal sealed class FaultWatchingReplica(IManifestReplica inner, DatabaseFaults faults, string path) : IManifestReplica
{
    private const string Database = "catalog database";

    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) =>
        WatchAsync(() => inner.PutAsync(manifest, cancellationToken));

    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) =>
        WatchAsync(() => inner.MovePlacementAsync(from, to, cancellationToken));

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default) =>
        WatchAsync(() => inner.GetVersionsAsync(partitionKey, objectId, cancellationToken));

    public async IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var manifests = inner.ListPartitionAsync(partitionKey, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await manifests.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (RocksDbException e)
            {
                faults.Record(Database, path, e);
                throw;
            }

            yield return manifests.Current;
        }
    }

    private async ValueTask<T> WatchAsync<T>(Func<ValueTask<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RocksDbException e)
        {
            faults.Record(Database, path, e);
            throw;
        }
    }
}
