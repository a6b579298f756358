using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;

namespace Archive.Node.Diagnostics;

/// <summary>
/// The node's manifest replica as the grid and its peers use it, with every database error noted in
/// <see cref="DatabaseFaults"/> before it goes on to the caller (who counts it as a replica that did not answer).
/// </summary>
internal sealed class FaultWatchingReplica(IManifestReplica inner, DatabaseFaults faults, string path) : IManifestReplica
{
    private const string Database = "catalog database";

    public ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default) =>
        faults.WatchAsync(Database, path, () => inner.PutAsync(manifest, cancellationToken));

    public ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default) =>
        faults.WatchAsync(Database, path, () => inner.MovePlacementAsync(from, to, cancellationToken));

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default) =>
        faults.WatchAsync(Database, path, () => inner.GetVersionsAsync(partitionKey, objectId, cancellationToken));

    public IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        faults.WatchAsync(Database, path, inner.ListPartitionAsync(partitionKey, cancellationToken));
}
