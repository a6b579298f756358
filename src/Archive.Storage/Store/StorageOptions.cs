using Archive.Storage.GroupCommit;
using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>Options of a node's storage engine. Immutable; checked by <see cref="Validate"/> at start.</summary>
public sealed record StorageOptions
{
    /// <summary>This node's id: disks labelled for another node are refused.</summary>
    public required NodeId Node { get; init; }

    /// <summary>Mount directories of the data disks (one per disk).</summary>
    public required IReadOnlyList<string> DataDisks { get; init; }

    /// <summary>Blank data disk directories start-up held back as looking unmounted: refused as <see cref="Disks.DiskRefusalReason.LooksUnmounted"/>.</summary>
    public IReadOnlySet<string> LooksUnmounted { get; init; } = new HashSet<string>();

    /// <summary>Group commit and segment sizing.</summary>
    public GroupCommitOptions GroupCommit { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (DataDisks is null || DataDisks.Count == 0)
        {
            throw new ArgumentException("At least one data disk is required.", nameof(DataDisks));
        }

        if (DataDisks.Distinct(StringComparer.Ordinal).Count() != DataDisks.Count)
        {
            throw new ArgumentException("A data disk is listed twice.", nameof(DataDisks));
        }

        var g = GroupCommit;
        if (g.SegmentMaxBytes < 1 << 20 || g.MaxBatchBytes <= 0 || g.MaxBatchRecords <= 0 || g.QueueCapacity <= 0
            || g.MaxBatchDelay < TimeSpan.Zero || g.MaxBatchDelay > TimeSpan.FromSeconds(1) || g.MinFreeBytes < 0)
        {
            throw new ArgumentException("Group commit options out of range (segments ≥ 1 MiB, batch delay ≤ 1 s, positive bounds).", nameof(GroupCommit));
        }
    }
}
