using Archive.Grid.Map;
using Archive.Grid.Membership;

namespace Archive.Grid.Repair;

/// <summary>
/// Tells when a node of the map has just been silent for <c>replaceAfter</c>: from then on anti-entropy counts its
/// shards as lost and repair rebuilds them elsewhere, so the check must run then, not at the next daily period (sweep
/// P: a node dead for good kept its objects below full redundancy for up to a day). Each outage is told once; a node
/// heard again is told again when it next falls silent that long. Not thread-safe: one caller polls it.
/// </summary>
public sealed class SilentNodeWatch(string localNodeId, GridMapHolder maps, MembershipTable membership, TimeSpan replaceAfter)
{
    private readonly HashSet<string> _told = new(StringComparer.Ordinal);

    /// <summary>How often to poll: often enough that a check follows the crossing within a small part of the delay.</summary>
    public TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(Math.Clamp(replaceAfter.TotalSeconds / 4, 1, 30));

    /// <summary>The nodes of the map silent for at least <c>replaceAfter</c> and not told since they were last heard.</summary>
    public IReadOnlyList<string> NewlyPastReplaceAfter()
    {
        var silent = maps.Current.Nodes
            .Select(n => n.Id)
            .Where(id => id != localNodeId && membership.SilenceOf(id) >= replaceAfter)
            .ToHashSet(StringComparer.Ordinal);
        _told.IntersectWith(silent);
        var fresh = silent.Where(_told.Add).Order(StringComparer.Ordinal).ToArray();
        return fresh;
    }
}
