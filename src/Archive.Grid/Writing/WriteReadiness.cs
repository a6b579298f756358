using Archive.Grid.Map;
using Archive.Grid.Placement;

namespace Archive.Grid.Writing;

/// <summary>
/// Whether a write can reach its quorum now (DESIGN.md §4: k + <see cref="GridWriteOptions.ExtraDurableShards"/> shards
/// durable): placement spreads a part's shards over the nodes that take new shards, as evenly as their number allows,
/// whatever their health, so the shards a write sends to down nodes are missed; it goes around disks that take no new
/// shards (full or failed) only where the spread allows (<see cref="PlacementSpread"/>: a disk its limit, one shard
/// unless the map has too few disks, a node its own), so the up nodes' writable disks bound what can be placed at all. When, at worst, too few are left, some
/// writes of that storage class are refused (0xA700 to a PACS) until nodes come back or disks have room, and status
/// says so. Pure.
/// </summary>
public static class WriteReadiness
{
    /// <summary>One sentence per storage class whose writes can be refused now; empty when every write can reach its quorum.</summary>
    /// <param name="isDown">Whether this node sees a node down or not answering (suspect: a put to it fails as surely).</param>
    /// <param name="unwritableDisks">Ids of the disks their nodes report taking no new shards (full or failed); none when null.</param>
    public static IReadOnlyList<string> Risks(GridMap map, GridWriteOptions options, Func<string, bool> isDown, IReadOnlySet<string>? unwritableDisks = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isDown);
        var taking = map.NodesTakingShards().ToArray();
        var down = taking.Count(n => isDown(n.Id));
        var writableDisks = taking.Where(n => !isDown(n.Id)).Select(n => n.Disks.Count(d => d.State == DiskState.Active && unwritableDisks?.Contains(d.Id) != true)).ToArray();
        var refusingDisks = taking.Where(n => !isDown(n.Id)).Sum(n => n.Disks.Count(d => d.State == DiskState.Active)) - writableDisks.Sum();
        var risks = new List<string>();
        foreach (var storageClass in map.StorageClasses)
        {
            var total = storageClass.TotalShards;
            var required = Math.Min(total, storageClass.DataShards + options.ExtraDurableShards);
            var perNode = taking.Length == 0 ? total : (total + taking.Length - 1) / taking.Length;
            var missedAtWorst = taking.Length == 0 ? total : Math.Min(total, down * perNode);
            var spread = PlacementSpread.For(map, total, storageClass.ParityShards);
            var placeable = writableDisks.Sum(w => Math.Min(w * spread.LimitAt(FailureDomainLevel.Disk), spread.LimitAt(FailureDomainLevel.Node)));
            if (Math.Min(total - missedAtWorst, placeable) < required)
            {
                var disks = refusingDisks > 0 ? $", {refusingDisks} disk(s) of the nodes up take no new shards (full or failed)" : string.Empty;
                risks.Add(taking.Length == 0
                    ? $"writes of class {storageClass.Name} are refused: no node takes new shards"
                    : $"writes of class {storageClass.Name} can be refused (0xA700): {down} of the {taking.Length} nodes taking shards are down or not answering{disks}, and a write needs {required} of its {total} shards durable");
            }
        }

        return risks;
    }
}
