using Archive.Grid.Map;

namespace Archive.Grid.Writing;

/// <summary>
/// Whether a write can reach its quorum now (DESIGN.md §4: k + <see cref="GridWriteOptions.ExtraDurableShards"/> shards
/// durable): placement spreads a part's shards over the nodes that take new shards, as evenly as their number allows,
/// whatever their health, so the shards a write sends to down nodes are missed. When, at worst, too few are left, some
/// writes of that storage class are refused (0xA700 to a PACS) until nodes come back, and status says so. Pure.
/// </summary>
public static class WriteReadiness
{
    /// <summary>One sentence per storage class whose writes can be refused now; empty when every write can reach its quorum.</summary>
    /// <param name="isDown">Whether this node sees a node down.</param>
    public static IReadOnlyList<string> Risks(GridMap map, GridWriteOptions options, Func<string, bool> isDown)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isDown);
        var taking = map.NodesTakingShards().ToArray();
        var down = taking.Count(n => isDown(n.Id));
        var risks = new List<string>();
        foreach (var storageClass in map.StorageClasses)
        {
            var total = storageClass.TotalShards;
            var required = Math.Min(total, storageClass.DataShards + options.ExtraDurableShards);
            var perNode = taking.Length == 0 ? total : (total + taking.Length - 1) / taking.Length;
            var missedAtWorst = taking.Length == 0 ? total : Math.Min(total, down * perNode);
            if (total - missedAtWorst < required)
            {
                risks.Add(taking.Length == 0
                    ? $"writes of class {storageClass.Name} are refused: no node takes new shards"
                    : $"writes of class {storageClass.Name} can be refused (0xA700): {down} of the {taking.Length} nodes taking shards are down, and a write needs {required} of its {total} shards durable");
            }
        }

        return risks;
    }
}
