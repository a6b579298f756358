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
/// unless it must leave. Pure.
/// </summary>
public static class RebalancePlan
{
    /// <summary>The moves for <paramref name="part"/> on <paramref name="map"/>; empty when it is placed as the map wants.</summary>
    /// <param name="refusals">Disks their nodes report failed, refused or full (none when null).</param>
    public static IReadOnlyList<ShardMove> For(GridMap map, ObjectPart part, DiskRefusals? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(part);
        refusals ??= DiskRefusals.None;
        var disks = map.AllDisks().ToDictionary(d => (d.Node.Id, d.Disk.Id));
        var current = part.Shards.Select(l => disks.TryGetValue((l.NodeId, l.DiskId), out var d) ? d : (DiskLocation?)null).ToArray();
        var key = ObjectIdentity.PlacementKey(part.StorageKey);
        var ideal = ShardPlacement.PlaceAvoiding(map, key, part.Shards.Count, refusals.Unwritable);
        return ideal.IsComplete
            ? TowardIdeal(part, current, ideal.Targets.Select(t => t!.Value).ToArray(), refusals)
            : OnlyLeaving(map, key, part, current, refusals);
    }

    /// <summary>True when a shard on <paramref name="location"/> has to leave it (null: the disk is not in the map).</summary>
    public static bool MustLeave(DiskLocation? location) =>
        location is not { } l || l.Node.State != NodeState.Active || l.Disk.State == DiskState.Draining;

    private static ShardMove[] TowardIdeal(ObjectPart part, DiskLocation?[] current, DiskLocation[] ideal, DiskRefusals refusals)
    {
        var held = current.Where(c => c is not null).Select(c => c!.Value.Disk.Id).ToHashSet(StringComparer.Ordinal);
        var idealIds = ideal.Select(d => d.Disk.Id).ToHashSet(StringComparer.Ordinal);
        var free = ideal.Where(d => !held.Contains(d.Disk.Id)).ToList();
        var moves = new List<ShardMove>();
        for (var s = 0; s < current.Length && free.Count > 0; s++)
        {
            // Placed already; on a failed disk (repair's); on a full one it need not leave (stays); or on a disk gone
            // from the map (nothing to read: repair's).
            if (current[s] is not { } c || idealIds.Contains(c.Disk.Id) || IsFailed(c, refusals.Unreadable) || (refusals.Unwritable.Contains(c.Disk.Id) && !MustLeave(c)))
            {
                continue;
            }

            var target = free.FindIndex(d => d.Disk.Id == ideal[s].Disk.Id) is var own and >= 0 ? own : 0;
            moves.Add(new ShardMove(s, part.Shards[s], ToLocation(free[target])));
            free.RemoveAt(target);
        }

        return [.. moves];
    }

    private static ShardMove[] OnlyLeaving(GridMap map, byte[] key, ObjectPart part, DiskLocation?[] current, DiskRefusals refusals)
    {
        var moves = new List<ShardMove>();
        var staying = current.Select((c, s) => (c, s)).Where(x => x.c is { } d && !MustLeave(d)).Select(x => x.c!.Value).ToList();
        for (var s = 0; s < current.Length; s++)
        {
            if (current[s] is not { } c || !MustLeave(c) || IsFailed(c, refusals.Unreadable))
            {
                continue;
            }

            var excluded = current.Where(d => d is not null).Select(d => d!.Value.Disk.Id).Concat(refusals.Unwritable).ToHashSet(StringComparer.Ordinal);
            if (ShardPlacement.PlaceShards(map, key, [s], staying, excluded).Targets[0] is { } target)
            {
                moves.Add(new ShardMove(s, part.Shards[s], ToLocation(target)));
                staying.Add(target);
            }
        }

        return [.. moves];
    }

    private static bool IsFailed(DiskLocation location, IReadOnlySet<string> reported) =>
        location.Disk.State == DiskState.Failed || reported.Contains(location.Disk.Id);

    private static ShardLocation ToLocation(DiskLocation d) => new(d.Node.Id, d.Disk.Id);
}

/// <summary>Shard <paramref name="Index"/> of a part goes from <paramref name="From"/> to <paramref name="To"/>.</summary>
public readonly record struct ShardMove(int Index, ShardLocation From, ShardLocation To);
