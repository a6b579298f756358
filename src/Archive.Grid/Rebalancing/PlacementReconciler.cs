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
/// refilling only adds the versions a replica lacks. A reader, or the node's own rebalance pass, taking that copy looks
/// for shards where they no longer are. The copy with more of its named shards really there wins (verified where each
/// copy places them) and is put on every holder of another placement (a placement update replaces it there); on a
/// tie nothing is done, as during a move whose old copies are not deleted yet. Copies that differ in more than
/// placement (a deferred compression) are left to the replicas' own rule.
/// </summary>
internal sealed class PlacementReconciler(IPeerConnector peers, MembershipTable membership)
{
    /// <summary>The copy to keep among <paramref name="copies"/> of one version, or null when they agree (or differ in more than placement).</summary>
    public async Task<GridManifest?> WinnerAsync(GridMap map, IReadOnlyList<GridManifest> copies, CancellationToken cancellationToken)
    {
        var placements = copies.GroupBy(Placement).Select(g => g.First()).ToArray();
        if (placements.Length < 2 || placements.Skip(1).Any(p => !ManifestPlacement.IsPlacementUpdate(placements[0], p)))
        {
            return null;
        }

        var scored = new List<(GridManifest Copy, int Present)>();
        foreach (var copy in placements)
        {
            scored.Add((copy, await PresentAsync(map, copy, cancellationToken).ConfigureAwait(false)));
        }

        // Only a decisive difference counts: while a move is in its grace period both placements have every shard (the
        // old copy is not deleted yet), and putting the older one back would undo a committed move.
        var ranked = scored.OrderByDescending(s => s.Present).ToArray();
        return ranked[0].Present > ranked[1].Present ? ranked[0].Copy : null;
    }

    /// <summary>A copy's placement, for telling copies of one version apart.</summary>
    public static string Placement(GridManifest manifest) =>
        string.Join('|', manifest.Parts.Select(p => string.Join(',', p.Shards.Select(s => $"{s.NodeId}/{s.DiskId}"))));

    private async Task<int> PresentAsync(GridMap map, GridManifest copy, CancellationToken cancellationToken)
    {
        var present = 0;
        foreach (var part in copy.Parts)
        {
            for (var i = 0; i < part.Shards.Count; i++)
            {
                if (map.FindNode(part.Shards[i].NodeId) is not { } node || membership.HealthOf(node.Id) == NodeHealth.Down)
                {
                    continue;
                }

                try
                {
                    if ((await peers.Connect(node).Shards.VerifyAsync(new ShardKey(part.StorageKey, (ushort)i), cancellationToken).ConfigureAwait(false)).Status == ShardStatus.Ok)
                    {
                        present++;
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
