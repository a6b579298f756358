namespace Archive.Storage.Store;

/// <summary>
/// Outcome of a shard-store operation. Values are stable: they cross the gRPC edge and map to DICOM
/// statuses in the host (e.g. <see cref="DiskFull"/> → 0xA700).
/// </summary>
public enum ShardStatus
{
    /// <summary>Done (stored, read, deleted or verified good).</summary>
    Ok = 0,

    /// <summary>No such shard on this node.</summary>
    NotFound = 1,

    /// <summary>The shard is here but a checksum failed; it was flagged for repair.</summary>
    Corrupt = 2,

    /// <summary>The index names a record that is gone; flagged for repair.</summary>
    Missing = 3,

    /// <summary>The disk holding the shard failed or is absent.</summary>
    Unavailable = 4,

    /// <summary>No space left on the chosen disk(s); nothing was kept.</summary>
    DiskFull = 5,

    /// <summary>No healthy disk can take the write.</summary>
    NoWritableDisk = 6,

    /// <summary>The request itself is invalid (shard index beyond k+m, length beyond limits).</summary>
    Invalid = 7,
}
