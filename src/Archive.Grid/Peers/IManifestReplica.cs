using Archive.Grid.Manifests;
using Archive.Storage.Primitives;

namespace Archive.Grid.Peers;

/// <summary>
/// One node's replica of the catalog partitions it holds. Versions of an object are a set keyed
/// by SHA-256, so putting the same manifest twice, or on replicas in different orders, always
/// converges (no conflicting versions). Thread-safe.
/// </summary>
public interface IManifestReplica
{
    /// <summary>Stores the manifest durably (idempotent). Returns false when the replica refuses it (full, failing).</summary>
    ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves shard locations of a held version from <paramref name="from"/> (what the mover read) to
    /// <paramref name="to"/>, compare-and-set per shard (<see cref="Manifests.ManifestPlacement.Decide"/>);
    /// stores <paramref name="to"/> when the version is not held. False when refused: another mover
    /// got there first, the part was re-encoded, or the replica cannot write.
    /// </summary>
    ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default);

    /// <summary>Every version of the object known here, oldest first; empty when none.</summary>
    ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default);

    /// <summary>Every manifest of a partition, in object id order (anti-entropy and catalog rebuilds).</summary>
    IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken = default);
}
