using Archive.Codec.Layout;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Repair;
using Archive.Codec.Fixity;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Rebalancing;

/// <summary>
/// Brings the objects this node is responsible for to their placement on the current map
/// (DESIGN.md §6), never below the redundancy they had: for each part with moves
/// (<see cref="RebalancePlan"/>), it reads the shard from where it is (checksums verified), puts it
/// on the new disk and verifies it there, commits the new locations compare-and-set
/// (<see cref="ManifestDirectory.MoveAsync"/>), and only after a majority of catalog replicas took
/// them, and a grace period for readers holding the old placement, deletes the old copies. Before
/// that it puts each partition's manifests on any catalog replica the map newly gave it (which also
/// carries the catalog rows). A partition's moves are made by its first healthy replica, like
/// anti-entropy, and by any holder that had to give that replica manifests it lacked (it may have
/// finished its pass before); refills by every holder (puts are idempotent). Two movers of one shard
/// copy it to the same disk and the second commit finds it done (compare-and-set). Paced by
/// <see cref="RebalanceOptions.BytesPerSecond"/>. One pass at a time.
/// </summary>
public sealed partial class ShardRebalancer
{
    private const int DeleteBatch = 4096;

    /// <summary>Passes an old copy's delete is tried while the replicas cannot decide it, before it is left (space only).</summary>
    private const int UndecidedAttempts = 20;

    /// <summary>A draining node sweeps its leftover copies once it holds no more than this many shards (each costs a question to every catalog replica).</summary>
    private const int SweepLimit = 1000;

    private readonly string _localNodeId;
    private readonly GridMapHolder _maps;
    private readonly IPeerConnector _peers;
    private readonly MembershipTable _membership;
    private readonly RebalanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ShardRebalancer> _logger;
    private readonly ManifestDirectory _directory;
    private readonly ShardTransfer _transfer;
    private readonly RepairThrottle _throttle;
    private readonly UnwritableDisks _unwritable;
    private readonly PlacementReconciler _reconciler;
    private readonly RepairMetrics? _metrics;
    private readonly List<PendingDelete> _deletes = [];

    /// <param name="shardTimeout">Bound on each shard read, put or verify.</param>
    /// <param name="metrics">Instruments to record into; null records nothing.</param>
    public ShardRebalancer(string localNodeId, GridMapHolder maps, IPeerConnector peers, MembershipTable membership, RebalanceOptions options, TimeSpan shardTimeout, TimeProvider time, ILogger<ShardRebalancer> logger, RepairMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _localNodeId = localNodeId;
        _maps = maps;
        _peers = peers;
        _membership = membership;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _directory = new ManifestDirectory(peers, membership);
        _transfer = new ShardTransfer(peers, membership, shardTimeout);
        _throttle = new RepairThrottle(options.BytesPerSecond, time);
        _unwritable = new UnwritableDisks(peers, time);
        _reconciler = new PlacementReconciler(peers, membership);
    }

    /// <summary>
    /// One pass over <paramref name="manifests"/> (this node's catalog replica, in partition
    /// order). With <paramref name="refill"/>, every partition's manifests are first compared
    /// with its other current replicas (once per map change is enough).
    /// </summary>
    public async Task<RebalancePass> RunAsync(IAsyncEnumerable<GridManifest> manifests, bool refill, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var map = _maps.Current;
        var pass = new RebalancePass(map.Epoch, 0, 0, 0, 0, 0, 0);
        var partition = new List<GridManifest>();
        await foreach (var manifest in manifests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (partition.Count > 0 && partition[0].PartitionKey != manifest.PartitionKey)
            {
                pass = await PartitionAsync(map, partition, refill, pass, cancellationToken).ConfigureAwait(false);
                partition.Clear();
            }

            partition.Add(manifest);
        }

        if (partition.Count > 0)
        {
            pass = await PartitionAsync(map, partition, refill, pass, cancellationToken).ConfigureAwait(false);
        }

        // Old copies whose delete the replicas could not decide yet keep the pass unsettled, so another follows.
        pass = WithLeftovers(pass, await FlushDeletesAsync(cancellationToken).ConfigureAwait(false));
        if (pass.Pending == 0)
        {
            pass = WithLeftovers(pass, await SweepDrainingNodeAsync(map, cancellationToken).ConfigureAwait(false));
        }

        LogPass(pass.Epoch, pass.Objects, pass.Moved, pass.Pending, pass.Leftovers, pass.ManifestsRefilled, pass.PartitionsUnrefilled);
        return pass;
    }

    private async Task<RebalancePass> PartitionAsync(GridMap map, List<GridManifest> manifests, bool refill, RebalancePass pass, CancellationToken cancellationToken)
    {
        var partitionKey = manifests[0].PartitionKey;
        var owner = ManifestDirectory.IsOwner(map, partitionKey, _localNodeId, _membership);
        IReadOnlyCollection<GridManifest> mine = owner ? manifests : [];
        if (refill)
        {
            var (put, complete, ownerLacked, reconciled) = await RefillAsync(map, partitionKey, manifests, cancellationToken).ConfigureAwait(false);
            pass = pass with { ManifestsRefilled = pass.ManifestsRefilled + put, PartitionsUnrefilled = pass.PartitionsUnrefilled + (complete ? 0 : 1) };

            // The owner may have finished its pass before it had these: whoever gives them to it moves their shards.
            // A local copy whose placement lost to the one whose shards are there is moved from the winner's.
            mine = owner ? manifests.Select(m => reconciled.GetValueOrDefault((m.ObjectId, m.Sha256), m)).ToArray() : ownerLacked;
        }

        foreach (var manifest in mine)
        {
            var (moved, bytes, pending) = await ObjectAsync(map, manifest, cancellationToken).ConfigureAwait(false);
            pass = pass with { Objects = pass.Objects + 1, Moved = pass.Moved + moved, Bytes = pass.Bytes + bytes, Pending = pass.Pending + pending };
        }

        if (_deletes.Count >= DeleteBatch)
        {
            pass = WithLeftovers(pass, await FlushDeletesAsync(cancellationToken).ConfigureAwait(false));
        }

        return pass;
    }

    private static RebalancePass WithLeftovers(RebalancePass pass, long leftovers) =>
        pass with { Pending = pass.Pending + leftovers, Leftovers = pass.Leftovers + leftovers };

    /// <summary>
    /// Puts on every other current replica of the partition the manifests it lacks. Complete is false
    /// when a replica could not be compared or a placement not reconciled; OwnerLacked are the manifests the partition's owner lacked.
    /// </summary>
    private async Task<(long Put, bool Complete, IReadOnlyCollection<GridManifest> OwnerLacked, IReadOnlyDictionary<(ObjectId, Sha256Digest), GridManifest> Reconciled)> RefillAsync(GridMap map, string partitionKey, List<GridManifest> manifests, CancellationToken cancellationToken)
    {
        long put = 0;
        var complete = true;
        IReadOnlyCollection<GridManifest> ownerLacked = [];
        var copies = manifests.ToDictionary(m => (m.ObjectId, m.Sha256), m => new List<(GridNode? Holder, GridManifest Copy)> { (map.FindNode(_localNodeId), m) });
        foreach (var replica in ManifestDirectory.ReplicasOf(map, partitionKey).Where(n => n.Id != _localNodeId))
        {
            try
            {
                var manifestsOf = _peers.Connect(replica).Manifests;
                var held = new HashSet<(ObjectId, Sha256Digest)>();
                await foreach (var m in manifestsOf.ListPartitionAsync(partitionKey, cancellationToken).ConfigureAwait(false))
                {
                    held.Add((m.ObjectId, m.Sha256));
                    if (copies.TryGetValue((m.ObjectId, m.Sha256), out var list))
                    {
                        list.Add((replica, m));
                    }
                }

                var lacked = manifests.Where(m => !held.Contains((m.ObjectId, m.Sha256))).ToArray();
                foreach (var manifest in lacked)
                {
                    complete &= await manifestsOf.PutAsync(manifest, cancellationToken).ConfigureAwait(false);
                    put++;
                }

                if (ManifestDirectory.IsOwner(map, partitionKey, replica.Id, _membership))
                {
                    ownerLacked = lacked;
                }

                _membership.Heard(replica.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _membership.Failed(replica.Id);
                complete = false;
            }
        }

        var reconciled = await ReconcilePlacementsAsync(map, copies.Values, cancellationToken).ConfigureAwait(false);
        return (put + reconciled.Put, complete && reconciled.Refused == 0, ownerLacked, reconciled.LocalReplaced);
    }

    /// <summary>
    /// Where holders disagree on a version's placement, puts the winning copy (<see cref="PlacementReconciler"/>) on the
    /// others, each compare-and-set against the copy read from it (a holder changed since, by a mover or another node
    /// reconciling, is left for the next pass, which this one keeps unsettled), and queues for a guarded delete the copies
    /// only the losing placements named.
    /// </summary>
    /// <returns>Copies put, copies refused, and the local copies that lost (version → winner).</returns>
    private async Task<(long Put, long Refused, Dictionary<(ObjectId, Sha256Digest), GridManifest> LocalReplaced)> ReconcilePlacementsAsync(GridMap map, IEnumerable<List<(GridNode? Holder, GridManifest Copy)>> versions, CancellationToken cancellationToken)
    {
        long put = 0, refused = 0;
        var localReplaced = new Dictionary<(ObjectId, Sha256Digest), GridManifest>();
        foreach (var holders in versions.Where(v => v.Count > 1))
        {
            if (await _reconciler.WinnerAsync(map, holders.Select(h => h.Copy).ToArray(), cancellationToken).ConfigureAwait(false) is not var (winner, present))
            {
                continue;
            }

            var placement = PlacementReconciler.Placement(winner);
            if (PlacementReconciler.Placement(holders[0].Copy) != placement)
            {
                localReplaced[(winner.ObjectId, winner.Sha256)] = winner; // the first copy is this node's
            }

            var losers = holders.Where(h => PlacementReconciler.Placement(h.Copy) != placement).ToArray();
            foreach (var (holder, copy) in losers.Where(h => h.Holder is not null))
            {
                try
                {
                    if (await _peers.Connect(holder!).Manifests.MovePlacementAsync(copy, winner, cancellationToken).ConfigureAwait(false))
                    {
                        LogPlacementReconciled(winner.ObjectName, holder!.Id);
                        put++;
                    }
                    else
                    {
                        refused++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _membership.Failed(holder!.Id);
                    refused++;
                }
            }

            Forget(map, winner, losers.SelectMany(l => PlacementReconciler.PlacedOnlyBy(l.Copy, winner, present)).Distinct(), _time.GetUtcNow());
        }

        return (put, refused, localReplaced);
    }

    private async Task<(long Moved, long Bytes, long Pending)> ObjectAsync(GridMap map, GridManifest local, CancellationToken cancellationToken)
    {
        var refusals = _unwritable.Of(map);
        if (local.Parts.All(p => RebalancePlan.For(map, p, local.ParityShards, refusals).Count == 0))
        {
            return (0, 0, 0);
        }

        // Move from the placement the replicas agree on now, not this replica's (possibly lagging) copy.
        var versions = await _directory.GetVersionsAsync(map, local.PartitionKey, local.ObjectId, cancellationToken).ConfigureAwait(false);
        if (versions.FirstOrDefault(v => v.Sha256 == local.Sha256) is not { } manifest)
        {
            return (0, 0, 1);
        }

        long moved = 0, bytes = 0, pending = 0;
        for (var p = 0; p < manifest.Parts.Count; p++)
        {
            var moves = RebalancePlan.For(map, manifest.Parts[p], manifest.ParityShards, refusals);
            if (moves.Count == 0)
            {
                continue;
            }

            var result = await PartAsync(map, manifest, p, moves, cancellationToken).ConfigureAwait(false);
            moved += result.Moved;
            bytes += result.Bytes;
            pending += moves.Count - result.Moved;
            if (result.Moved > 0)
            {
                // Later parts move from the manifest as now committed.
                manifest = result.Committed!;
            }
        }

        return (moved, bytes, pending);
    }

    private async Task<(int Moved, long Bytes, GridManifest? Committed)> PartAsync(GridMap map, GridManifest manifest, int partIndex, IReadOnlyList<ShardMove> moves, CancellationToken cancellationToken)
    {
        var part = manifest.Parts[partIndex];
        var shardLength = checked((int)new StripeLayout(manifest.DataShards, manifest.BlockSize).ShardLength(part.StoredLength));
        var locations = part.Shards.ToArray();
        var copied = new List<ShardMove>();
        long bytes = 0;
        var buffer = new byte[shardLength];
        foreach (var move in moves)
        {
            if (map.FindNode(move.From.NodeId) is not { } source || map.AllDisks().FirstOrDefault(d => d.Disk.Id == move.To.DiskId && d.Node.Id == move.To.NodeId) is not { Node: not null } target)
            {
                continue;
            }

            await _throttle.ChargeAsync(2L * shardLength, cancellationToken).ConfigureAwait(false);
            if (!await _transfer.ReadWholeAsync(source, part, move.Index, buffer, cancellationToken).ConfigureAwait(false))
            {
                LogSourceUnreadable(manifest.ObjectName, partIndex, move.Index, move.From.NodeId);
                continue; // repair's business: anti-entropy or the scrubber will find it
            }

            var placed = locations.Select((l, i) => i == move.Index ? move.To : l).ToArray();
            var storage = ShardTransfer.StorageManifest(manifest, partIndex, part with { Shards = placed });
            if (await _transfer.PutVerifiedAsync(target, storage, move.Index, buffer, cancellationToken).ConfigureAwait(false) is var put and not TransferResult.Ok)
            {
                // Sweep O3: a move left for the next pass said nothing of why, and a drain waited on it unexplained.
                LogTargetDidNotTake(manifest.ObjectName, partIndex, move.Index, move.To.NodeId, put == TransferResult.Refused ? "refused it (disk full, no writable disk, or the copy did not verify)" : "did not answer");
                continue;
            }

            bytes += 2L * shardLength;
            locations[move.Index] = move.To;
            copied.Add(move);
        }

        if (copied.Count == 0)
        {
            return (0, bytes, null);
        }

        var parts = manifest.Parts.ToArray();
        parts[partIndex] = part with { Shards = locations };
        var to = manifest with { Parts = parts };
        var commit = await _directory.MoveAsync(map, manifest, to, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (!commit.ReachedQuorum)
        {
            LogNotCommitted(manifest.ObjectName, partIndex, commit.Committed, commit.Required);
            if (commit.Committed == 0)
            {
                // No replica names the copies: they are ours to remove (unless they overwrote the source on the same node).
                Forget(map, manifest, copied.Where(m => m.To.NodeId != m.From.NodeId).Select(m => (m.To.NodeId, new ShardKey(part.StorageKey, (ushort)m.Index))), now);
            }

            return (0, bytes, null);
        }

        // A move within one node re-put the key on the new disk, which replaced the old record there.
        Forget(map, manifest, copied.Where(m => m.To.NodeId != m.From.NodeId).Select(m => (m.From.NodeId, new ShardKey(part.StorageKey, (ushort)m.Index))), now);
        _metrics?.RebalancedShards.Add(copied.Count);
        _metrics?.RebalancedBytes.Add(bytes);
        return (copied.Count, bytes, to);
    }

    private void Forget(GridMap map, GridManifest manifest, IEnumerable<(string NodeId, ShardKey Key)> shards, DateTimeOffset committed)
    {
        foreach (var (nodeId, key) in shards)
        {
            if (map.FindNode(nodeId) is { } node)
            {
                _deletes.Add(new PendingDelete(node, key, manifest.PartitionKey, manifest.ObjectId, committed));
            }
        }
    }

    /// <summary>
    /// Deletes the old copies once their grace period is over. A delete the replicas cannot decide yet (one silent, or a
    /// new replica not refilled) stays for the next pass, up to <see cref="UndecidedAttempts"/> times; returns how many stay.
    /// </summary>
    private async Task<int> FlushDeletesAsync(CancellationToken cancellationToken)
    {
        if (_deletes.Count == 0)
        {
            return 0;
        }

        var wait = _deletes.Max(d => d.Committed) + _options.DeleteGrace - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        var undecided = new List<PendingDelete>();
        foreach (var delete in _deletes)
        {
            switch (await _directory.DeleteUnnamedCopyAsync(_maps.Current, delete.Node, delete.PartitionKey, delete.ObjectId, delete.Key, cancellationToken).ConfigureAwait(false))
            {
                case CopyDeletion.Named:
                    LogDeleteSkipped(delete.Key.ToString(), delete.Node.Id);
                    break;
                case CopyDeletion.Undecided when delete.Attempts + 1 < UndecidedAttempts:
                    undecided.Add(delete with { Attempts = delete.Attempts + 1 });
                    break;
                case CopyDeletion.Undecided or CopyDeletion.Unreachable:
                    LogDeleteFailed(delete.Key.ToString(), delete.Node.Id); // an unreferenced copy: space, never redundancy
                    break;
            }
        }

        _deletes.Clear();
        _deletes.AddRange(undecided);
        return undecided.Count;
    }

    /// <summary>
    /// On a draining node that holds at most <see cref="SweepLimit"/> shards once its own pass is settled: each shard that
    /// no catalog replica names on it any more (an old copy whose delete was lost to a race between movers and
    /// reconcilers, or to a node that was down) goes through the guarded delete of every old copy, so the drain can
    /// end. A shard still named stays for its owner to move and keeps the pass unsettled; returns how many stay.
    /// </summary>
    private async Task<long> SweepDrainingNodeAsync(GridMap map, CancellationToken cancellationToken)
    {
        if (map.FindNode(_localNodeId) is not { State: NodeState.Draining } self)
        {
            return 0;
        }

        var store = _peers.Connect(self).Shards;
        var held = new List<ShardKey>();
        await foreach (var shard in store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            held.Add(shard.Key);
            if (held.Count > SweepLimit)
            {
                return held.Count; // the owners are still moving its shards off
            }
        }

        long kept = 0;
        foreach (var objectShards in held.GroupBy(k => k.Object))
        {
            var record = await store.GetManifestAsync(objectShards.Key, cancellationToken).ConfigureAwait(false);
            var manifest = record is null ? null : GridManifestCodec.DecodeAny(record.Attributes).Manifest;
            foreach (var key in objectShards)
            {
                var deletion = manifest is null ? CopyDeletion.Undecided
                    : await _directory.DeleteUnnamedCopyAsync(map, self, manifest.PartitionKey, manifest.ObjectId, key, cancellationToken).ConfigureAwait(false);
                if (deletion == CopyDeletion.Deleted)
                {
                    LogUnnamedCopyDeleted(self.Id, key.ToString());
                }
                else
                {
                    kept++;
                }
            }
        }

        return kept;
    }

    [LoggerMessage(EventId = 2258, Level = LogLevel.Information, Message = "Rebalance: draining node {NodeId}: copy {Shard} that no manifest names here any more deleted")]
    private partial void LogUnnamedCopyDeleted(string nodeId, string shard);

    [LoggerMessage(EventId = 2251, Level = LogLevel.Information, Message = "Rebalance pass on map epoch {Epoch}: {Objects} objects looked at, {Moved} shards moved, {Pending} left for the next pass ({Leftovers} of them old copies not yet decided), {Refilled} manifests put on new catalog replicas, {Unrefilled} partitions not compared")]
    private partial void LogPass(long epoch, long objects, long moved, long pending, long leftovers, long refilled, long unrefilled);

    [LoggerMessage(EventId = 2257, Level = LogLevel.Warning, Message = "Rebalance: shard {Shard} of object {ObjectName} part {Part} could not move to {NodeId}, which {Why}; left for the next pass")]
    private partial void LogTargetDidNotTake(string objectName, int part, int shard, string nodeId, string why);

    [LoggerMessage(EventId = 2252, Level = LogLevel.Warning, Message = "Rebalance: shard {Shard} of object {ObjectName} part {Part} could not be read on {NodeId}; left to repair")]
    private partial void LogSourceUnreadable(string objectName, int part, int shard, string nodeId);

    [LoggerMessage(EventId = 2253, Level = LogLevel.Warning, Message = "Rebalance: the new placement of object {ObjectName} part {Part} reached {Committed} of {Required} catalog replicas; old copies kept, tried again next pass")]
    private partial void LogNotCommitted(string objectName, int part, int committed, int required);

    [LoggerMessage(EventId = 2254, Level = LogLevel.Warning, Message = "Rebalance: could not delete the old copy {Shard} on {NodeId} (node unreachable, or the replicas could not decide); it stays unreferenced")]
    private partial void LogDeleteFailed(string shard, string nodeId);

    [LoggerMessage(EventId = 2256, Level = LogLevel.Warning, Message = "Rebalance: object {ObjectName}: replica {NodeId} held an old placement; the one whose shards are there was put on it")]
    private partial void LogPlacementReconciled(string objectName, string nodeId);

    [LoggerMessage(EventId = 2255, Level = LogLevel.Information, Message = "Rebalance: old copy {Shard} on {NodeId} kept: a manifest names that node for it again")]
    private partial void LogDeleteSkipped(string shard, string nodeId);

    /// <summary>A copy to delete once the grace period after <paramref name="Committed"/> is over, and the object it belonged to.</summary>
    private readonly record struct PendingDelete(GridNode Node, ShardKey Key, string PartitionKey, ObjectId ObjectId, DateTimeOffset Committed, int Attempts = 0);
}
