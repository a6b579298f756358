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
/// are down; a new write's duplicate check needs only a majority's answers. Thread-safe.
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
    public async Task<IReadOnlyList<GridManifest>> GetVersionsAsync(GridMap map, string partitionKey, ObjectId objectId, CancellationToken cancellationToken) =>
        (await LookUpAsync(map, partitionKey, objectId, cancellationToken).ConfigureAwait(false)).Versions;

    /// <summary><see cref="GetVersionsAsync"/>, and whether every replica answered (so a version none knows exists nowhere).</summary>
    public async Task<VersionLookup> LookUpAsync(GridMap map, string partitionKey, ObjectId objectId, CancellationToken cancellationToken)
    {
        var replicas = ReplicasOf(map, partitionKey);
        var answers = await Task.WhenAll(replicas.Select(node => AskAsync(node, partitionKey, objectId, cancellationToken))).ConfigureAwait(false);
        return new VersionLookup(Merge(answers.Select(a => a ?? [])), answers.All(a => a is not null));
    }

    /// <summary>
    /// Every committed version of the object, oldest first, from a majority of the replicas: a commit is durable on a
    /// majority, so any majority has seen it. For a new write's duplicate check, which then asks one replica less. The
    /// local replica and healthy ones are asked first, another only when one fails; with fewer than a majority
    /// reachable, what the reachable ones know.
    /// </summary>
    public async Task<IReadOnlyList<GridManifest>> GetVersionsFromMajorityAsync(GridMap map, string partitionKey, ObjectId objectId, CancellationToken cancellationToken)
    {
        var replicas = ReplicasOf(map, partitionKey);
        var required = (replicas.Count / 2) + 1;
        var untried = new Queue<GridNode>(replicas
            .Select((node, order) => (Node: node, Order: order))
            .OrderBy(r => membership.IsLocal(r.Node.Id) ? 0 : 1).ThenBy(r => membership.HealthOf(r.Node.Id)).ThenBy(r => r.Order)
            .Select(r => r.Node));
        var answers = new List<IReadOnlyList<GridManifest>>(required);
        var asking = new List<Task<IReadOnlyList<GridManifest>?>>(required);
        while (answers.Count < required)
        {
            while (answers.Count + asking.Count < required && untried.TryDequeue(out var node))
            {
                asking.Add(AskAsync(node, partitionKey, objectId, cancellationToken));
            }

            if (asking.Count == 0)
            {
                break;
            }

            var answered = await Task.WhenAny(asking).ConfigureAwait(false);
            asking.Remove(answered);
            if (await answered.ConfigureAwait(false) is { } versions)
            {
                answers.Add(versions);
            }
        }

        return Merge(answers);
    }

    /// <summary>One manifest per content (the most compressed: a replica that missed a deferred compression lags), oldest first.</summary>
    private static GridManifest[] Merge(IEnumerable<IReadOnlyList<GridManifest>> answers) =>
        answers.SelectMany(a => a)
            .GroupBy(m => m.Sha256)
            .Select(g => g.MaxBy(ManifestPlacement.CompressedParts)!)
            .OrderBy(m => m.CreatedAt)
            .ToArray();

    /// <summary>Puts the manifest on every replica; succeeds when a majority has it durably.</summary>
    public Task<ManifestCommit> CommitAsync(GridMap map, GridManifest manifest, CancellationToken cancellationToken) =>
        CommitAsync(map, manifest.PartitionKey, (replica, token) => replica.PutAsync(manifest, token), atQuorum: false, cancellationToken);

    /// <summary>
    /// <see cref="CommitAsync(GridMap, GridManifest, CancellationToken)"/> for a new write: returns as soon as a majority
    /// took the manifest (or can no longer), the slower replicas' answers arriving in <see cref="ManifestCommit.LateMissedNodes"/>.
    /// </summary>
    public Task<ManifestCommit> CommitAtQuorumAsync(GridMap map, GridManifest manifest, CancellationToken cancellationToken) =>
        CommitAsync(map, manifest.PartitionKey, (replica, token) => replica.PutAsync(manifest, token), atQuorum: true, cancellationToken);

    /// <summary>
    /// Commits shard moves: <paramref name="to"/> is <paramref name="from"/> (as the mover read it)
    /// with some shard locations changed, applied on every replica compare-and-set per shard
    /// (<see cref="ManifestPlacement.Decide"/>). A replica that refuses saw another change first.
    /// </summary>
    public Task<ManifestCommit> MoveAsync(GridMap map, GridManifest from, GridManifest to, CancellationToken cancellationToken) =>
        CommitAsync(map, to.PartitionKey, (replica, token) => replica.MovePlacementAsync(from, to, token), atQuorum: false, cancellationToken);

    /// <summary>
    /// Commits a deferred compression: <paramref name="to"/> is <paramref name="from"/> (as the compressor read it) with
    /// uncompressed parts replaced by their compressed re-encoding, applied on every replica compare-and-set
    /// (<see cref="ManifestPlacement.Decide"/>). A replica on which a mover changed the placement meanwhile refuses, so the
    /// compressor tries again from the new placement and deletes the replaced shards where they really are.
    /// </summary>
    public Task<ManifestCommit> CompressAsync(GridMap map, GridManifest from, GridManifest to, CancellationToken cancellationToken) =>
        CommitAsync(map, to.PartitionKey, (replica, token) => replica.MovePlacementAsync(from, to, token), atQuorum: false, cancellationToken);

    private async Task<ManifestCommit> CommitAsync(GridMap map, string partitionKey, Func<IManifestReplica, CancellationToken, ValueTask<bool>> put, bool atQuorum, CancellationToken cancellationToken)
    {
        var replicas = ReplicasOf(map, partitionKey);
        var required = (replicas.Count / 2) + 1;
        var puts = replicas.Select(node => PutAsync(node, put, cancellationToken)).ToArray();
        if (atQuorum)
        {
            await Quorum.WhenEnoughAsync(puts, Stored, required).ConfigureAwait(false);
        }
        else
        {
            await Task.WhenAll(puts).ConfigureAwait(false);
        }

        return new ManifestCommit(
            puts.Count(p => p.IsCompletedSuccessfully && Stored(p.Result)),
            required,
            Quorum.FailedNow(puts, Stored).Select(i => replicas[i].Id).ToArray(),
            NamesAsync(Quorum.FailedLate(puts, Stored), replicas),
            MayBeHeldAsync(puts));

        static bool Stored(ReplicaAnswer answer) => answer == ReplicaAnswer.Stored;

        static async Task<IReadOnlyList<string>> NamesAsync(Task<int[]> late, IReadOnlyList<GridNode> replicas) =>
            (await late.ConfigureAwait(false)).Select(i => replicas[i].Id).ToArray();

        static async Task<bool> MayBeHeldAsync(Task<ReplicaAnswer>[] puts) =>
            (await Task.WhenAll(puts).ConfigureAwait(false)).Any(a => a != ReplicaAnswer.Refused);
    }

    /// <summary>
    /// Deletes the copy of <paramref name="shard"/> on <paramref name="node"/> when no manifest names it there: every
    /// replica of the partition (on <paramref name="map"/>) answered, each holds the object's part (in this or a later
    /// encoding), and none places that shard index of this key on that node. A delete goes by key, and the key may hold
    /// a copy moved back since (a drain undone), so the replicas are asked right before. When a replica is silent or
    /// lacks the version (a new replica not refilled yet) the answer is <see cref="CopyDeletion.Undecided"/>: ask again
    /// later. A node that cannot be reached keeps its copy (space only, never redundancy).
    /// </summary>
    public async Task<CopyDeletion> DeleteUnnamedCopyAsync(GridMap map, GridNode node, string partitionKey, ObjectId objectId, ShardKey shard, CancellationToken cancellationToken)
    {
        try
        {
            var naming = await NamingAsync(map, partitionKey, objectId, shard, node.Id, cancellationToken).ConfigureAwait(false);
            if (naming != CopyDeletion.Deleted)
            {
                return naming;
            }

            await peers.Connect(node).Shards.DeleteAsync(shard, cancellationToken).ConfigureAwait(false);
            return CopyDeletion.Deleted;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            return CopyDeletion.Unreachable;
        }
    }

    /// <summary><see cref="CopyDeletion.Named"/>, <see cref="CopyDeletion.Undecided"/>, or <see cref="CopyDeletion.Deleted"/> when the copy may go.</summary>
    private async Task<CopyDeletion> NamingAsync(GridMap map, string partitionKey, ObjectId objectId, ShardKey shard, string nodeId, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(ReplicasOf(map, partitionKey).Select(node => AskAsync(node, partitionKey, objectId, cancellationToken))).ConfigureAwait(false);
        var parts = answers.Select(a => a?.SelectMany(v => v.Parts).Where(p => p.StorageKey.Id == shard.Object.Id).ToArray()).ToArray();
        if (parts.Any(p => p is not null && p.Any(q => q.StorageKey == shard.Object && shard.ShardIndex < q.Shards.Count && q.Shards[shard.ShardIndex].NodeId == nodeId)))
        {
            return CopyDeletion.Named;
        }

        return answers.Length > 0 && parts.All(p => p is { Length: > 0 }) ? CopyDeletion.Deleted : CopyDeletion.Undecided;
    }

    /// <summary>What <paramref name="node"/> holds of the object; null when it is down or the call failed (<see cref="PeerRetry"/>).</summary>
    private async Task<IReadOnlyList<GridManifest>?> AskAsync(GridNode node, string partitionKey, ObjectId objectId, CancellationToken cancellationToken)
    {
        if (membership.HealthOf(node.Id) == NodeHealth.Down)
        {
            return null;
        }

        var (versions, _) = await PeerRetry.CallAsync(
            membership,
            node.Id,
            async () => await peers.Connect(node).Manifests.GetVersionsAsync(partitionKey, objectId, cancellationToken).ConfigureAwait(false),
            e => e is not OperationCanceledException || !cancellationToken.IsCancellationRequested,
            cancellationToken).ConfigureAwait(false);
        return versions;
    }

    private async Task<ReplicaAnswer> PutAsync(GridNode node, Func<IManifestReplica, CancellationToken, ValueTask<bool>> put, CancellationToken cancellationToken)
    {
        if (membership.HealthOf(node.Id) == NodeHealth.Down)
        {
            return ReplicaAnswer.Refused; // not sent
        }

        try
        {
            var stored = await put(peers.Connect(node).Manifests, cancellationToken).ConfigureAwait(false);
            membership.Heard(node.Id);
            return stored ? ReplicaAnswer.Stored : ReplicaAnswer.Refused;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            return ReplicaAnswer.Unknown;
        }
    }

    /// <summary>What one replica did with a manifest put.</summary>
    private enum ReplicaAnswer
    {
        /// <summary>Durable there.</summary>
        Stored,

        /// <summary>Not there: refused, or never sent (the node is down).</summary>
        Refused,

        /// <summary>The call failed on the way: the replica may or may not have applied it.</summary>
        Unknown,
    }
}

/// <summary>What the replicas know of an object: its <see cref="Versions"/>, oldest first, and whether every replica answered.</summary>
public sealed record VersionLookup(IReadOnlyList<GridManifest> Versions, bool EveryReplicaAnswered);

/// <summary>
/// How a manifest commit went: durable on <see cref="Committed"/> replicas of which <see cref="Required"/> were needed;
/// <see cref="MissedNodes"/> refused or failed by then, <see cref="LateMissedNodes"/> answered after the quorum and failed.
/// <see cref="MayBeHeld"/>, once every replica answered: some replica took the manifest, or may have (its answer was
/// lost), so the object's shards must stay even when the quorum was missed.
/// </summary>
public sealed record ManifestCommit(int Committed, int Required, IReadOnlyList<string> MissedNodes, Task<IReadOnlyList<string>> LateMissedNodes, Task<bool> MayBeHeld)
{
    public bool ReachedQuorum => Committed >= Required;
}

/// <summary>What <see cref="ManifestDirectory.DeleteUnnamedCopyAsync"/> did with a copy.</summary>
public enum CopyDeletion
{
    /// <summary>Deleted: no manifest names it there.</summary>
    Deleted,

    /// <summary>Kept for good: a manifest names it there (again).</summary>
    Named,

    /// <summary>Kept for now: a replica was silent or lacks the version yet; ask again later.</summary>
    Undecided,

    /// <summary>Kept: its node could not be reached.</summary>
    Unreachable,
}
