using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Archive.Grid.Manifests;
using Archive.Grid.Map;

namespace Archive.Grid.Placement;

/// <summary>
/// How many shards of one part a failure domain may hold (DESIGN.md §6): a disk one; a node, rack or site no more
/// than the part tolerates losing (its m parity shards); at any level, when the map has too few domains taking shards,
/// their fair share (ceil(shards / domains)), which placement itself gives. Above that, losing the one domain loses
/// more than the part tolerates. Placement keeps within it by construction; a long history of repairs, moves and
/// reconciliations might not, so verify reports it, anti-entropy flags it and rebalancing mends it. Pure.
/// </summary>
public sealed class PlacementSpread
{
    private static readonly FailureDomainLevel[] Levels = [FailureDomainLevel.Disk, FailureDomainLevel.Node, FailureDomainLevel.Rack, FailureDomainLevel.Site];

    /// <summary>What every part checked on one map shares, worked out once per map (a map never changes: a new one is a new instance).</summary>
    private static readonly ConditionalWeakTable<GridMap, MapFacts> Facts = new();

    private readonly Dictionary<FailureDomainLevel, int> _limits;

    private PlacementSpread(Dictionary<FailureDomainLevel, int> limits) => _limits = limits;

    /// <summary>The limits on <paramref name="map"/> for a part of <paramref name="totalShards"/> that tolerates losing <paramref name="parityShards"/>.</summary>
    public static PlacementSpread For(GridMap map, int totalShards, int parityShards)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(parityShards);
        var facts = Facts.GetValue(map, m => new MapFacts(m));
        return facts.Spreads.GetOrAdd((totalShards, parityShards), static (key, domains) =>
        {
            var (total, parity) = key;
            var limits = new Dictionary<FailureDomainLevel, int>();
            foreach (var level in Levels)
            {
                var fairShare = domains[level] == 0 ? total : (total + domains[level] - 1) / domains[level];
                limits[level] = Math.Max(level == FailureDomainLevel.Disk ? 1 : parity, Math.Max(fairShare, 1));
            }

            return new PlacementSpread(limits);
        }, facts.DomainsTakingShards);
    }

    /// <summary>The most shards of the part one domain at <paramref name="level"/> may hold.</summary>
    public int LimitAt(FailureDomainLevel level) => _limits[level];

    /// <summary>
    /// Each shard's disk on <paramref name="map"/>. A disk the map no longer has on a node it has counts as a failed disk of
    /// that node (the node may well hold the shard on another of its disks: it still counts there); null for a node the
    /// map does not have (nothing to count).
    /// </summary>
    public static DiskLocation?[] Resolve(GridMap map, IReadOnlyList<ShardLocation> shards)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(shards);
        var facts = Facts.GetValue(map, m => new MapFacts(m));
        return shards.Select(l => facts.Disks.TryGetValue((l.NodeId, l.DiskId), out var d) ? d
            : map.FindNode(l.NodeId) is { } node ? new DiskLocation(node, new GridDisk(l.DiskId, 0, DiskState.Failed))
            : (DiskLocation?)null).ToArray();
    }

    /// <summary>Every domain that holds more of <paramref name="placement"/>'s shards than its limit, narrowest level first.</summary>
    public IReadOnlyList<SpreadExcess> Excess(IReadOnlyList<DiskLocation?> placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var excess = new List<SpreadExcess>();
        foreach (var level in Levels)
        {
            var limit = _limits[level];
            var byDomain = placement
                .Select((location, shard) => (location, shard))
                .Where(x => x.location is not null)
                .GroupBy(x => FailureDomains.KeyOf(x.location!.Value, level), StringComparer.Ordinal);
            foreach (var domain in byDomain)
            {
                var shards = domain.Select(x => x.shard).ToArray();
                if (shards.Length > limit)
                {
                    excess.Add(new SpreadExcess(level, domain.Key, limit, shards));
                }
            }
        }

        return excess;
    }

    /// <summary>
    /// True when shard <paramref name="index"/> on <paramref name="target"/>, the others staying where
    /// <paramref name="placement"/> has them, leaves every domain of the target within its limit.
    /// </summary>
    public bool Fits(IReadOnlyList<DiskLocation?> placement, int index, DiskLocation target)
    {
        ArgumentNullException.ThrowIfNull(placement);
        foreach (var level in Levels)
        {
            var domain = FailureDomains.KeyOf(target, level);
            var held = 1;
            for (var s = 0; s < placement.Count; s++)
            {
                if (s != index && placement[s] is { } other && FailureDomains.KeyOf(other, level) == domain)
                {
                    held++;
                }
            }

            if (held > _limits[level])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A map's disks by (node, disk) and its domains taking shards at each level; read-only once built.</summary>
internal sealed class MapFacts(GridMap map)
{
    private static readonly FailureDomainLevel[] Levels = [FailureDomainLevel.Disk, FailureDomainLevel.Node, FailureDomainLevel.Rack, FailureDomainLevel.Site];

    public Dictionary<(string NodeId, string DiskId), DiskLocation> Disks { get; } = map.AllDisks().ToDictionary(d => (d.Node.Id, d.Disk.Id));

    public Dictionary<FailureDomainLevel, int> DomainsTakingShards { get; } = Levels.ToDictionary(
        level => level,
        level => FailureDomains.CountDistinct(map.AllDisks().Where(d => d.AcceptsNewShards), level));

    public ConcurrentDictionary<(int Total, int Parity), PlacementSpread> Spreads { get; } = new();
}

/// <summary>
/// <paramref name="Domain"/> at <paramref name="Level"/> holds <paramref name="Shards"/> (shard indices) of one part, more
/// than its <paramref name="Limit"/>: losing it alone would lose more than the part tolerates.
/// </summary>
public sealed record SpreadExcess(FailureDomainLevel Level, string Domain, int Limit, IReadOnlyList<int> Shards)
{
    /// <summary>For logs and the CLI: "node n3 holds shards 0, 2, 5 (at most 2)".</summary>
    public override string ToString() =>
        $"{Level.ToString().ToLowerInvariant()} {Domain} holds shards {string.Join(", ", Shards)} (at most {Limit})";
}
