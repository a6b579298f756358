namespace Archive.Storage.Disks;

/// <summary>Run-time state of a mounted data disk. Values are stable (reported in health).</summary>
public enum DiskState
{
    /// <summary>Serving reads and accepting new shards.</summary>
    Healthy = 0,

    /// <summary>An I/O error or a vanished mount: no new shards, reads attempted no more.</summary>
    Failed = 1,

    /// <summary>Refused at start (see <see cref="DiskRefusalReason"/>); never used.</summary>
    Refused = 2,

    /// <summary>
    /// Healthy, but out of room: an append found none (ENOSPC or the configured reserve), so new shards go to other
    /// disks while reads, deletes and compaction go on; healthy again once its filesystem has room for a segment.
    /// Reported in health only (<see cref="DataDisk.IsFull"/>); <see cref="DataDisk.State"/> stays <see cref="Healthy"/>.
    /// </summary>
    Full = 3,
}
