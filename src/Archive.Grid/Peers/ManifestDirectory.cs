using System.Text;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Placement;
using Archive.Storage.Primitives;

namespace Archive.Grid.Peers;

/// <summary>
/// Reads and commits manifests on the replicas of their catalog partition
/// (<see cref="PartitionPlacement"/>). A commit succeeds on a majority of replicas; a lookup
/// merges what every reachable replica knows, so it stays complete while up to m replica nodes
/// are down. Thread-safe.
/// </summary>
public sealed class ManifestDirectory(IPeerConnector peers, MembershipTable membership)
{
    /// <summary>The replica nodes of a partition on <paramref name="map"/>.</summary>
    public static IReadOnlyList<GridNode> ReplicasOf(GridMap map, string partitionKey) =>
        PartitionPlacement.Replicas(map, Encoding.UTF8.GetBytes(partitionKey), PartitionPlacement.ReplicaCount(map));

    /// <summary>
    /// True when <paramref name="localNodeId"/> is the partition's first healthy replica on
    /// <paramref name="map"/>: the one node that runs grid-wide work for it (anti-entropy,
    /// rebalancing), so replicas do not all do the same work.
    /// </summary>
    public static bool IsOwner(GridMap map, string partitionKey, string localNodeId, MembershipTable membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        var owner = ReplicasOf(map, partitionKey)
            .Select((node, order) => (node.Id, Health: node.Id == localNodeId ? NodeHealth.Up : membership.HealthOf(node.Id), Order: order))
            .OrderBy(r => r.Health).ThenBy(r => r.Order)
            .FirstOrDefault();
        return owner.Id == localNodeId;
    }

    /// <summary>Every version of the object any reachable replica knows, oldest first.</summary>
    public async Task<IReadOnlyList<GridManifest>> GetVersionsAsync(GridMap map, string partitionKey, ObjectId objectId, CancellationToken cancellationToken)
    {
        var replicas = ReplicasOf(map, partitionKey);
        var answers = await Task.WhenAll(replicas.Select(node => AskAsync(node, partitionKey, objectId, cancellationToken))).ConfigureAwait(false);
        return answers.SelectMany(a => a)
            .GroupBy(m => m.Sha256)
            .Select(g => g.MaxBy(ManifestPlacement.CompressedParts)!) // a replica that missed a deferred compression lags
            .OrderBy(m => m.CreatedAt)
            .ToArray();
    }

    /// <summary>Puts the manifest on every replica; succeeds when a majority has it durably.</summary>
    public Task<ManifestCommit> CommitAsync(GridMap map, GridManifest manifest, CancellationToken cancellationToken) =>
        CommitAsync(map, manifest.PartitionKey, (replica, token) => replica.PutAsync(manifest, token), cancellationToken);

    /// <summary>
    /// Commits shard moves: <paramref name="to"/> is <paramref name="from"/> (as the mover read it)
    /// with some shard locations changed, applied on every replica compare-and-set per shard
    /// (<see cref="ManifestPlacement.Decide"/>). A replica that refuses saw another change first.
    /// </summary>
    public Task<ManifestCommit> MoveAsync(GridMap map, GridManifest from, GridManifest to, CancellationToken cancellationToken) =>
        CommitAsync(map, to.PartitionKey, (replica, token) => replica.MovePlacementAsync(from, to, token), cancellationToken);

    private async Task<ManifestCommit> CommitAsync(GridMap map, string partitionKey, Func<IManifestReplica, CancellationToken, ValueTask<bool>> put, CancellationToken cancellationToken)
    {
        var replicas = ReplicasOf(map, partitionKey);
        var results = await Task.WhenAll(replicas.Select(node => PutAsync(node, put, cancellationToken))).ConfigureAwait(false);
        var missed = replicas.Where((_, i) => !results[i]).Select(n => n.Id).ToArray();
        return new ManifestCommit(results.Count(r => r), (replicas.Count / 2) + 1, missed);
    }

    private async Task<IReadOnlyList<GridManifest>> AskAsync(GridNode node, string partitionKey, ObjectId objectId, CancellationToken cancellationToken)
    {
        if (membership.HealthOf(node.Id) == NodeHealth.Down)
        {
            return [];
        }

        try
        {
            var versions = await peers.Connect(node).Manifests.GetVersionsAsync(partitionKey, objectId, cancellationToken).ConfigureAwait(false);
            membership.Heard(node.Id);
            return versions;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            return [];
        }
    }

    private async Task<bool> PutAsync(GridNode node, Func<IManifestReplica, CancellationToken, ValueTask<bool>> put, CancellationToken cancellationToken)
    {
        if (membership.HealthOf(node.Id) == NodeHealth.Down)
        {
            return false;
        }

        try
        {
            var stored = await put(peers.Connect(node).Manifests, cancellationToken).ConfigureAwait(false);
            membership.Heard(node.Id);
            return stored;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            return false;
        }
    }
}

/// <summary>How a manifest commit went: durable on <see cref="Committed"/> replicas of which <see cref="Required"/> were needed.</summary>
public sealed record ManifestCommit(int Committed, int Required, IReadOnlyList<string> MissedNodes)
{
    public bool ReachedQuorum => Committed >= Required;
}
