using System.Collections.Frozen;
using Archive.Grid.Map;

namespace Archive.Grid.Placement;

/// <summary>
/// Where the shards of an object go: a pure function of (object key, grid map). Shards land on
/// distinct disks, spread over sites, then racks, then nodes (DESIGN.md §6). Only disks that
/// accept new shards (active disk on an active node) are candidates.
/// </summary>
public static class ShardPlacement
{
    private static readonly IReadOnlySet<string> NoExclusions = FrozenSet<string>.Empty;

    /// <summary>Targets for shards 0..<paramref name="shardCount"/>-1 of the object with <paramref name="objectKey"/>.</summary>
    public static PlacementResult Place(GridMap map, ReadOnlySpan<byte> objectKey, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        return PlaceShards(map, objectKey, Enumerable.Range(0, shardCount).ToArray(), [], NoExclusions);
    }

    /// <summary>
    /// <see cref="Place"/>, except that a shard whose target is in <paramref name="avoidDiskIds"/> (disks their node
    /// reports failed or full while the map still names them) goes where repair would move it: the next eligible disk
    /// that keeps the spread, given the other shards' targets, and leaves no failure domain holding more than the part
    /// tolerates losing (<paramref name="parityShards"/>, <see cref="PlacementSpread"/>). A shard that finds no such disk
    /// keeps its first target, so its put misses and goes to repair (an object one shard short, or refused when its
    /// quorum needs them all), rather than acknowledged with one node able to take more shards than it may lose.
    /// </summary>
    public static PlacementResult PlaceAvoiding(GridMap map, ReadOnlySpan<byte> objectKey, int shardCount, int parityShards, IReadOnlySet<string> avoidDiskIds)
    {
        var first = Place(map, objectKey, shardCount);
        var avoided = Enumerable.Range(0, shardCount).Where(i => first.Targets[i] is { } t && avoidDiskIds.Contains(t.Disk.Id)).ToArray();
        if (avoided.Length == 0)
        {
            return first;
        }

        var kept = first.Targets.Where((t, i) => t is not null && !avoided.Contains(i)).Select(t => t!.Value).ToArray();
        var again = PlaceShards(map, objectKey, avoided, kept, avoidDiskIds).Targets;
        var targets = first.Targets.ToArray();
        var spread = PlacementSpread.For(map, shardCount, parityShards);
        for (var j = 0; j < avoided.Length; j++)
        {
            if (again[j] is { } around && spread.Fits(targets, avoided[j], around))
            {
                targets[avoided[j]] = around;
            }
        }

        return new PlacementResult(targets);
    }

    /// <summary>
    /// New targets for the shards numbered <paramref name="shardIndices"/> of an object whose other
    /// shards stay on <paramref name="existing"/>, never on a disk in <paramref name="excludedDiskIds"/>:
    /// used by repair and rebalancing so that a moved shard keeps the object's spread.
    /// </summary>
    public static PlacementResult PlaceShards(
        GridMap map,
        ReadOnlySpan<byte> objectKey,
        IReadOnlyList<int> shardIndices,
        IReadOnlyCollection<DiskLocation> existing,
        IReadOnlySet<string> excludedDiskIds)
    {
        var existingIds = existing.Select(e => e.Disk.Id).ToHashSet(StringComparer.Ordinal);
        var eligible = map.AllDisks()
            .Where(d => d.AcceptsNewShards && !excludedDiskIds.Contains(d.Disk.Id) && !existingIds.Contains(d.Disk.Id))
            .ToList();
        var chosen = DomainSpreadingChooser.Choose(objectKey, eligible.Select(ToCandidate).ToList(), shardIndices, existing.Select(ToCandidate));
        var targets = new DiskLocation?[chosen.Length];
        for (var i = 0; i < chosen.Length; i++)
        {
            targets[i] = chosen[i] >= 0 ? eligible[chosen[i]] : null;
        }

        return new PlacementResult(targets);
    }

    private static DomainSpreadingChooser.Candidate ToCandidate(DiskLocation d) => new(
        FailureDomains.KeyOf(d, FailureDomainLevel.Site),
        FailureDomains.KeyOf(d, FailureDomainLevel.Rack),
        d.Node.Id,
        d.Disk.Id,
        RendezvousScore.SeedOf(d.Disk.Id),
        d.Disk.Weight);
}

/// <summary>The chosen disk for each requested shard, in request order; null where no eligible disk was left.</summary>
public sealed record PlacementResult(IReadOnlyList<DiskLocation?> Targets)
{
    /// <summary>How many shards found no eligible disk.</summary>
    public int Shortfall => Targets.Count(t => t is null);

    /// <summary>True when every shard has a target.</summary>
    public bool IsComplete => Shortfall == 0;
}
