using Archive.Contracts.V1;

namespace Archive.Cli.Commands.Maintenance;

/// <summary>
/// The grid's repair figures from the nodes' answers, each object counted once: several nodes queue the same object
/// (every catalog replica of its partition finds what it misses), so the sum of the nodes' own counts overstates it.
/// Exact when every node answered with its object digests and its unrecoverable items in full; otherwise the sums,
/// marked as upper bounds. Items waiting for a disk are queue items, summed as the queue depth is.
/// </summary>
internal sealed record RepairTotals(
    long QueueItems,
    long ObjectsBelowFullRedundancy,
    bool ObjectsExact,
    long Unrecoverable,
    bool UnrecoverableExact,
    IReadOnlyList<UnrecoverableReport> UnrecoverableItems,
    long WaitingForDisk)
{
    /// <summary>Unrecoverable items each node is asked to list: enough for the counts to be exact in practice.</summary>
    public const int ListedItems = 10_000;

    public static RepairTotals Of(IReadOnlyList<RepairStatusReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var objectsExact = replies.All(r => r.ObjectDigestsComplete);
        var objects = objectsExact
            ? replies.SelectMany(r => r.ObjectDigests).Distinct().LongCount()
            : replies.Sum(r => r.ObjectsBelowFullRedundancy);
        var items = replies.SelectMany(r => r.UnrecoverableItems)
            .GroupBy(i => (i.PartitionKey, i.ObjectName, i.PartIndex))
            .OrderBy(g => g.Key.PartitionKey, StringComparer.Ordinal).ThenBy(g => g.Key.ObjectName, StringComparer.Ordinal).ThenBy(g => g.Key.PartIndex)
            .Select(g => new UnrecoverableReport(g.Key.PartitionKey, g.Key.ObjectName, g.Key.PartIndex, g.SelectMany(i => i.ShardIndices).Distinct().Order().ToArray()))
            .ToArray();
        var unrecoverableExact = replies.All(r => r.UnrecoverableItems.Count == r.Unrecoverable);
        return new RepairTotals(
            replies.Sum(r => r.QueueDepth),
            objects,
            objectsExact,
            unrecoverableExact ? items.Length : replies.Sum(r => r.Unrecoverable),
            unrecoverableExact,
            items,
            replies.Sum(r => r.WaitingForDisk));
    }

    /// <summary>What <c>status</c> and <c>repair status</c> say of items whose rebuilt shards no disk would take.</summary>
    public static string WaitingForDiskProblem(long items) =>
        $"{Count(items)} repair item(s) wait for a disk: their rebuilt shards found none to take them (fewer usable disks than the class has shards: nodes down, disks full or failed); add or bring back nodes or disks";

    /// <summary>"12" when exact, "at most 12" when a node's answer was too long to count each object once.</summary>
    public static string Describe(long count, bool exact) => exact ? Count(count) : "at most " + Count(count);

    private static string Count(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
