using System.Globalization;
using System.Text;
using Archive.Grid.Map;

namespace Archive.Grid.Placement;

/// <summary>
/// What a map change does to the catalog partitions' replica sets (<see cref="PartitionPlacement"/>), measured on
/// sampled partition keys, since partitions are keyed by Study Instance UID and cannot be listed: the share whose
/// replicas on the new map include none of those on the old one. Until the rebalance refills those new replicas, a
/// lookup of such a partition (a query or read naming its study) finds nothing; a change that keeps one replica of
/// every partition (at most m nodes added, removed or moved at a time) never has that window. Pure.
/// </summary>
public static class PartitionTransition
{
    /// <summary>Sampled partition keys: enough to see a share of a few in ten thousand.</summary>
    public const int Samples = 20_000;

    /// <summary>The share, 0 to 1, of sampled partitions none of whose replicas on <paramref name="to"/> held them on <paramref name="from"/>.</summary>
    public static double ShareWithNoReplicaKept(GridMap from, GridMap to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        int before = PartitionPlacement.ReplicaCount(from), after = PartitionPlacement.ReplicaCount(to);
        var orphaned = 0;
        for (var i = 0; i < Samples; i++)
        {
            var key = Encoding.UTF8.GetBytes("1.2.826.0.1.3680043.10.1001." + i.ToString(CultureInfo.InvariantCulture));
            var held = PartitionPlacement.Replicas(from, key, before).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            if (!PartitionPlacement.Replicas(to, key, after).Any(n => held.Contains(n.Id)))
            {
                orphaned++;
            }
        }

        return (double)orphaned / Samples;
    }
}
