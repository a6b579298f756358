using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Grid.Rebalancing;

/// <summary>
/// Replicas of a partition can hold one object version with different shard placements: a node out of the partition's
/// replica set while moves were committed (drained, then made active again) comes back holding its old copy, and
/// refilling only adds the versions a replica lacks; two nodes reconciling at once, or a reconciliation racing a move,
/// can leave the replicas split. A reader, or the node's own rebalance pass, taking the wrong copy looks for shards where
/// they no longer are, and a split where both placements have every shard kept a drained node's old copy named forever
/// (its drain never finished). Every node that compares the copies picks the same winner, by a total order: more of its
/// named shards really there (verified where each copy places them: on that node, on that disk), then fewer moves the current map wants (a move
/// committed in its grace period wins over the placement it left, so it is never undone), then the placement's text.
/// Copies that differ in more than placement (a deferred compression) are left to the replicas' own rule.
/// </summary>
internal sealed class PlacementReconciler(IPeerConnector peers, MembershipTable membership)
{
    /// <summary>
    /// The copy to keep among <paramref name="copies"/> of one version and which of its shards were verified where it
    /// places them, or null when they agree (or differ in more than placement).
    /// </summary>
    public async Task<(GridManifest Winner, IReadOnlySet<ShardKey> Present)?> WinnerAsync(GridMap map, IReadOnlyList<GridManifest> copies, CancellationToken cancellationToken)
    {
        var placements = copies.GroupBy(Placement).Select(g => g.First()).ToArray();
        if (placements.Length < 2 || placements.Skip(1).Any(p => !ManifestPlacement.IsPlacementUpdate(placements[0], p)))
        {
            return null;
        }

        var scored = new List<(GridManifest Copy, IReadOnlySet<ShardKey> Present, int Moves)>();
        foreach (var copy in placements)
        {
            scored.Add((copy, await PresentAsync(map, copy, cancellationToken).ConfigureAwait(false), copy.Parts.Sum(p => RebalancePlan.For(map, p, copy.ParityShards).Count)));
        }

        var best = scored.OrderByDescending(s => s.Present.Count).ThenBy(s => s.Moves).ThenBy(s => Placement(s.Copy), StringComparer.Ordinal).First();
        return (best.Copy, best.Present);
    }

    /// <summary>
    /// Where <paramref name="loser"/> places a shard that <paramref name="winner"/> places elsewhere and has there
    /// (<paramref name="winnerPresent"/>): copies no manifest should name once the winner is everywhere. A shard the
    /// winner lacks is not listed: the loser's copy may be the one repair rebuilds from.
    /// </summary>
    public static IEnumerable<(string NodeId, ShardKey Key)> PlacedOnlyBy(GridManifest loser, GridManifest winner, IReadOnlySet<ShardKey> winnerPresent)
    {
        ArgumentNullException.ThrowIfNull(loser);
        ArgumentNullException.ThrowIfNull(winner);
        for (var p = 0; p < loser.Parts.Count; p++)
        {
            var (lost, won) = (loser.Parts[p], winner.Parts[p]);
            for (var i = 0; i < lost.Shards.Count; i++)
            {
                if (lost.Shards[i].NodeId != won.Shards[i].NodeId && winnerPresent.Contains(new ShardKey(won.StorageKey, (ushort)i)))
                {
                    yield return (lost.Shards[i].NodeId, new ShardKey(lost.StorageKey, (ushort)i));
                }
            }
        }
    }

    /// <summary>A copy's placement, for telling copies of one version apart.</summary>
    public static string Placement(GridManifest manifest) =>
        string.Join('|', manifest.Parts.Select(p => string.Join(',', p.Shards.Select(s => $"{s.NodeId}/{s.DiskId}"))));

    private async Task<IReadOnlySet<ShardKey>> PresentAsync(GridMap map, GridManifest copy, CancellationToken cancellationToken)
    {
        var present = new HashSet<ShardKey>();
        foreach (var part in copy.Parts)
        {
            for (var i = 0; i < part.Shards.Count; i++)
            {
                if (map.FindNode(part.Shards[i].NodeId) is not { } node || membership.HealthOf(node.Id) == NodeHealth.Down)
                {
                    continue;
                }

                var key = new ShardKey(part.StorageKey, (ushort)i);
                try
                {
                    // On the disk this copy names: a node holds a key once, so a copy naming another disk of the node (one
                    // wiped and replaced since) is not the placement whose shard is there.
                    var outcome = await peers.Connect(node).Shards.VerifyAsync(key, cancellationToken).ConfigureAwait(false);
                    if (outcome.Status == ShardStatus.Ok && (outcome.Disk is null || outcome.Disk == part.Shards[i].DiskId))
                    {
                        present.Add(key);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    membership.Failed(node.Id);
                }
            }
        }

        return present;
    }
}
