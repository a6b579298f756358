using System.Globalization;
using Archive.Grid.Map;
using Archive.Grid.Placement;

namespace Archive.Cli.Commands.Map;

/// <summary>
/// The differences between the map in force and a proposed one, as lines an operator reads before
/// <c>map apply</c>: epoch, policy, storage classes, nodes (added, removed, moved between failure
/// domains, re-addressed, state) and disks (added, removed, weight, state), and the share of catalog
/// partitions the change would leave none of their replicas (<see cref="PartitionTransition"/>). Pure.
/// </summary>
internal static class MapDiff
{
    public static IReadOnlyList<MapChange> Compare(GridMap current, GridMap proposed)
    {
        var changes = new List<MapChange>();
        if (current.ClusterId != proposed.ClusterId)
        {
            changes.Add(new("cluster", "changed", current.ClusterId, current.ClusterId, proposed.ClusterId));
        }

        changes.Add(new("epoch", proposed.Epoch > current.Epoch ? "raised" : "not-raised", "epoch", Text(current.Epoch), Text(proposed.Epoch)));
        if (current.Policy != proposed.Policy)
        {
            changes.Add(new("policy", "changed", "policy", Describe(current.Policy), Describe(proposed.Policy)));
        }

        Keyed(changes, "class", current.StorageClasses, proposed.StorageClasses, c => c.Name, c => $"k={c.DataShards} m={c.ParityShards}", (_, _) => { });
        Keyed(changes, "node", current.Nodes, proposed.Nodes, n => n.Id, n => $"{n.Address} {n.Site}/{n.Rack} {n.State} {n.Disks.Count} disk(s)", (before, after) =>
        {
            Field(changes, "node", before.Id, "address", before.Address, after.Address);
            Field(changes, "node", before.Id, "domain", $"{before.Site}/{before.Rack}", $"{after.Site}/{after.Rack}");
            Field(changes, "node", before.Id, "state", before.State.ToString(), after.State.ToString());
            Keyed(changes, "disk", before.Disks, after.Disks, d => $"{before.Id}/{d.Id}", d => $"weight {Text(d.Weight)} {d.State}", (b, a) =>
            {
                Field(changes, "disk", $"{before.Id}/{b.Id}", "weight", Text(b.Weight), Text(a.Weight));
                Field(changes, "disk", $"{before.Id}/{b.Id}", "state", b.State.ToString(), a.State.ToString());
            });
        });

        if (current.ClusterId == proposed.ClusterId && PartitionTransition.ShareWithNoReplicaKept(current, proposed) is > 0 and var orphaned)
        {
            changes.Add(new("catalog", "no-replica-kept", "partitions", null, OrphanedText(orphaned)));
        }

        foreach (var node in UndrainedRemovals(current, proposed))
        {
            changes.Add(new("node", "removed-undrained", node, "holds shards", UndrainedText));
        }

        return changes;
    }

    /// <summary>What removing a node that was not retired means, for the diff and the refusal.</summary>
    public const string UndrainedText = "its shards leave every read's reach: drain it first (drain NODE --wait), mark it Retired, then remove it";

    /// <summary>
    /// Nodes the proposed map drops that were not retired, or retires straight from active without a drain: the grid
    /// finds shards by node id in the map, so every shard on such a node is out of reach at once (objects with more
    /// than m of them there unreadable) although the node still holds them. The documented way is drain, retire, remove.
    /// </summary>
    public static IReadOnlyList<string> UndrainedRemovals(GridMap current, GridMap proposed) =>
        current.ClusterId != proposed.ClusterId
            ? []
            : current.Nodes
                .Where(n => n.State != NodeState.Retired && proposed.FindNode(n.Id) is null
                    || n.State == NodeState.Active && proposed.FindNode(n.Id) is { State: NodeState.Retired })
                .Select(n => n.Id)
                .ToArray();

    /// <summary>How a share of partitions left with only new replicas reads to an operator.</summary>
    public static string OrphanedText(double share) =>
        string.Create(CultureInfo.InvariantCulture, $"~{share:P1} of catalog partitions keep none of their replicas until refilled");

    private static void Keyed<T>(List<MapChange> changes, string kind, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> key, Func<T, string> describe, Action<T, T> compare)
    {
        var old = before.ToDictionary(key, StringComparer.Ordinal);
        var @new = after.ToDictionary(key, StringComparer.Ordinal);
        foreach (var item in before.Where(i => !@new.ContainsKey(key(i))))
        {
            changes.Add(new(kind, "removed", key(item), describe(item), null));
        }

        foreach (var item in after)
        {
            if (old.TryGetValue(key(item), out var previous))
            {
                compare(previous, item);
            }
            else
            {
                changes.Add(new(kind, "added", key(item), null, describe(item)));
            }
        }
    }

    private static void Field(List<MapChange> changes, string kind, string subject, string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new(kind, field + "-changed", subject, before, after));
        }
    }

    private static string Describe(StorageClassPolicy policy) => $"default {policy.DefaultClass}, small {policy.SmallObjectClass ?? "none"} under {Text(policy.SmallObjectThresholdBytes)} B";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One line of <c>map diff</c> (and of its <c>--json</c> array; fields are only ever added).</summary>
/// <param name="Kind">cluster, epoch, policy, class, node or disk.</param>
/// <param name="Change">added, removed, raised, not-raised, changed or FIELD-changed.</param>
/// <param name="Subject">The class name, node id or node/disk id.</param>
internal sealed record MapChange(string Kind, string Change, string Subject, string? Before, string? After);
