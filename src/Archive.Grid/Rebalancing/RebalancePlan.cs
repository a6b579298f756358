using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;

namespace Archive.Grid.Rebalancing;

/// <summary>
/// Which shards of one part move, and where, to bring it to its placement on the current map
/// (DESIGN.md §6): the disks <see cref="ShardPlacement.Place"/> would choose for it today. Only
/// shards on disks outside that set move, each to a disk of the set that holds none of the part's
/// shards (its own ideal target first), so a node added or reweighted draws only its share. When
/// the map cannot give a complete placement, only shards that must leave (node draining, retired
/// or gone, disk draining or gone) move, each to a disk that keeps the part's spread. Shards on
/// failed disks are repair's, never moved; a disk its node reports failed while the map still names
/// it (<see cref="DiskRefusals.Unreadable"/>) counts as failed. The placement goes around every disk
/// that takes no new shards (<see cref="DiskRefusals.Unwritable"/>: failed or full) as the writer's and
/// repair's do (<see cref="ShardPlacement.PlaceAvoiding"/>); a shard already on a full disk stays there
/// unless it must leave. No move ever leaves a failure domain holding more of the part than it may
/// (<see cref="PlacementSpread"/>), and shards beyond that limit move to where the part keeps its
/// spread: placement never puts them so, but a long history of repairs and reconciled placements
/// might. Pure.
/// </summary>
public static class RebalancePlan
{
    /// <summary>The moves for <paramref name="part"/> on <paramref name="map"/>; empty when it is placed as the map wants.</summary>
    /// <param name="parityShards">The shards the part tolerates losing (m): no failure domain may end up holding more (<see cref="PlacementSpread"/>).</param>
    /// <param name="refusals">Disks their nodes report failed, refused or full (none when null).</param>
    public static IReadOnlyList<ShardMove> For(GridMap map, ObjectPart part, int parityShards, DiskRefusals? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(part);
        refusals ??= DiskRefusals.None;
        var placement = PlacementSpread.Resolve(map, part.Shards);
        var spread = PlacementSpread.For(map, part.Shards.Count, parityShards);
        var key = ObjectIdentity.PlacementKey(part.StorageKey);
        var ideal = ShardPlacement.PlaceAvoiding(map, key, part.Shards.Count, parityShards, refusals.Unwritable);
        var moves = new List<ShardMove>();
        if (ideal.IsComplete)
        {
            TowardIdeal(map, key, part, placement, ideal.Targets.Select(t => t!.Value).ToArray(), spread, refusals, moves);
        }
        else
        {
            OnlyLeaving(map, key, part, placement, spread, refusals, moves);
        }

        Spread(map, key, part, placement, spread, refusals, moves);
        return moves;
    }

    /// <summary>True when a shard on <paramref name="location"/> has to leave it (null: the disk is not in the map).</summary>
    public static bool MustLeave(DiskLocation? location) =>
        location is not { } l || l.Node.State != NodeState.Active || l.Disk.State == DiskState.Draining;

    /// <summary>
    /// Shards off the ideal disks (or sharing one with a lower shard) move to free ideal disks that keep the spread; one
    /// that must leave and finds none goes where <see cref="OnlyLeaving"/> would send it.
    /// </summary>
    private static void TowardIdeal(GridMap map, byte[] key, ObjectPart part, DiskLocation?[] placement, DiskLocation[] ideal, PlacementSpread spread, DiskRefusals refusals, List<ShardMove> moves)
    {
        var held = placement.Where(c => c is not null).Select(c => c!.Value.Disk.Id).ToHashSet(StringComparer.Ordinal);
        var idealIds = ideal.Select(d => d.Disk.Id).ToHashSet(StringComparer.Ordinal);
        var free = ideal.Where(d => !held.Contains(d.Disk.Id) && !refusals.Unwritable.Contains(d.Disk.Id)).ToList(); // one placement could not avoid: its put would be refused
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < placement.Length; s++)
        {
            // Placed already; on a failed disk (repair's); on a full one it need not leave (stays); or on a disk gone
            // from the map (nothing to read: repair's).
            if (placement[s] is not { } c || (idealIds.Contains(c.Disk.Id) && seen.Add(c.Disk.Id)) || IsFailed(c, refusals.Unreadable) || (refusals.Unwritable.Contains(c.Disk.Id) && !MustLeave(c)))
            {
                continue;
            }

            // Its own ideal disk first; never one whose node (rack, site) would then hold more than the part tolerates,
            // which a shard staying off the ideal set (on a full or failed disk) can bring about.
            var fitting = free.Where(d => spread.Fits(placement, s, d)).ToList();
            if (fitting.Count == 0)
            {
                if (MustLeave(c) && NewDisk(map, key, placement, s, spread, refusals) is { } away)
                {
                    Move(part, placement, s, away, moves);
                }

                continue;
            }

            var target = fitting.FirstOrDefault(d => d.Disk.Id == ideal[s].Disk.Id) is { Node: not null } own ? own : fitting[0];
            Move(part, placement, s, target, moves);
            free.Remove(target);
        }
    }

    /// <summary>Without a complete placement on the map, only shards that must leave move, each where the part keeps its spread.</summary>
    private static void OnlyLeaving(GridMap map, byte[] key, ObjectPart part, DiskLocation?[] placement, PlacementSpread spread, DiskRefusals refusals, List<ShardMove> moves)
    {
        for (var s = 0; s < placement.Length; s++)
        {
            if (placement[s] is not { } c || !MustLeave(c) || IsFailed(c, refusals.Unreadable))
            {
                continue;
            }

            if (NewDisk(map, key, placement, s, spread, refusals) is { } target)
            {
                Move(part, placement, s, target, moves);
            }
        }
    }

    /// <summary>
    /// Shards beyond a domain's limit (<see cref="PlacementSpread"/>) that no move above took away move to a disk that
    /// keeps the spread; one on a failed disk is repair's. Placement never puts them so; a history of repairs and
    /// reconciled placements might, and this is where it is mended.
    /// </summary>
    private static void Spread(GridMap map, byte[] key, ObjectPart part, DiskLocation?[] placement, PlacementSpread spread, DiskRefusals refusals, List<ShardMove> moves)
    {
        foreach (var excess in spread.Excess(placement))
        {
            var movable = excess.Shards.Where(s => placement[s] is { } c && !IsFailed(c, refusals.Unreadable) && moves.All(m => m.Index != s)).ToArray();
            foreach (var s in movable.Reverse().Take(excess.Shards.Count - excess.Limit))
            {
                if (spread.Fits(placement, s, placement[s]!.Value) || NewDisk(map, key, placement, s, spread, refusals) is not { } target)
                {
                    continue; // an earlier move of this pass already brought it within
                }

                Move(part, placement, s, target, moves);
            }
        }
    }

    /// <summary>A disk for shard <paramref name="s"/> that keeps the spread given the others' places, or null.</summary>
    private static DiskLocation? NewDisk(GridMap map, byte[] key, DiskLocation?[] placement, int s, PlacementSpread spread, DiskRefusals refusals)
    {
        var others = placement.Where((d, i) => i != s && d is not null).Select(d => d!.Value).ToArray();
        var excluded = placement.Where(d => d is not null).Select(d => d!.Value.Disk.Id).Concat(refusals.Unwritable).ToHashSet(StringComparer.Ordinal);
        return ShardPlacement.PlaceShards(map, key, [s], others, excluded).Targets[0] is { } target && spread.Fits(placement, s, target) ? target : null;
    }

    private static void Move(ObjectPart part, DiskLocation?[] placement, int s, DiskLocation target, List<ShardMove> moves)
    {
        moves.Add(new ShardMove(s, part.Shards[s], new ShardLocation(target.Node.Id, target.Disk.Id)));
        placement[s] = target;
    }

    private static bool IsFailed(DiskLocation location, IReadOnlySet<string> reported) =>
        location.Disk.State == DiskState.Failed || reported.Contains(location.Disk.Id);
}

/// <summary>Shard <paramref name="Index"/> of a part goes from <paramref name="From"/> to <paramref name="To"/>.</summary>
public readonly record struct ShardMove(int Index, ShardLocation From, ShardLocation To);
