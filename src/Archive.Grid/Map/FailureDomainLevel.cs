namespace Archive.Grid.Map;

/// <summary>
/// The levels of the failure-domain hierarchy, widest first. Placement spreads shards across the
/// widest level that has enough domains, and balances the levels above it.
/// </summary>
public enum FailureDomainLevel
{
    Site = 1,
    Rack = 2,
    Node = 3,
    Disk = 4,
}

/// <summary>The failure domain key of a disk at each level.</summary>
public static class FailureDomains
{
    /// <summary>A key unique in the grid for <paramref name="location"/>'s domain at <paramref name="level"/>.</summary>
    public static string KeyOf(DiskLocation location, FailureDomainLevel level) => level switch
    {
        FailureDomainLevel.Site => location.Node.Site,
        FailureDomainLevel.Rack => location.Node.Site + "/" + location.Node.Rack,
        FailureDomainLevel.Node => location.Node.Id,
        _ => location.Disk.Id,
    };

    /// <summary>
    /// The widest level at which the map has at least <paramref name="shards"/> distinct domains
    /// among disks that accept new shards; <see cref="FailureDomainLevel.Disk"/> when none does.
    /// Losing one domain of this level loses at most one shard of an object placed on this map.
    /// </summary>
    public static FailureDomainLevel SpreadLevel(GridMap map, int shards)
    {
        var eligible = map.AllDisks().Where(d => d.AcceptsNewShards).ToList();
        foreach (var level in new[] { FailureDomainLevel.Site, FailureDomainLevel.Rack, FailureDomainLevel.Node })
        {
            if (eligible.Select(d => KeyOf(d, level)).Distinct(StringComparer.Ordinal).Count() >= shards)
            {
                return level;
            }
        }

        return FailureDomainLevel.Disk;
    }

    /// <summary>How many distinct domains at <paramref name="level"/> the given disks span.</summary>
    public static int CountDistinct(IEnumerable<DiskLocation> disks, FailureDomainLevel level) =>
        disks.Select(d => KeyOf(d, level)).Distinct(StringComparer.Ordinal).Count();
}
