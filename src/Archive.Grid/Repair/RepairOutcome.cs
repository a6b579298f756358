namespace Archive.Grid.Repair;

/// <summary>How one repair attempt ended. Expected outcomes are values; only bugs throw.</summary>
public enum RepairStatus
{
    /// <summary>Every shard of the item is back, verified, where the committed manifest says.</summary>
    Repaired,

    /// <summary>Something needed was unreachable (manifest replicas, targets, a commit quorum): try again later.</summary>
    Retry,

    /// <summary>Fewer than k good shards could be read: the part cannot be rebuilt from what answered now.</summary>
    Unrecoverable,

    /// <summary>
    /// Shards were rebuilt but found no disk to take them: their own is gone and every other eligible disk is down, full,
    /// failed or holds a shard of the part already (fewer usable disks than the class has shards). Tried again later.
    /// </summary>
    NoTarget,

    /// <summary>
    /// The item names a manifest that no replica holds, every replica having answered: its write was never committed
    /// (a write that missed its quorum queues repair in case a replica took it), so there is nothing to restore.
    /// </summary>
    NothingToRepair,
}

/// <summary>The result of <see cref="GridRepairer.RepairAsync"/>.</summary>
/// <param name="Bytes">Shard bytes read and written by the attempt (for the bandwidth budget).</param>
/// <param name="Moved">Shards placed on a new disk because their manifest location was gone.</param>
/// <param name="Detail">A human-readable reason, without patient data.</param>
public sealed record RepairOutcome(RepairStatus Status, long Bytes, int Moved, string Detail);
