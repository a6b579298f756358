using Archive.Grid.Manifests;

namespace Archive.Grid.Writing;

/// <summary>What a write did. Persisted nowhere; mapped to DIMSE statuses by the host.</summary>
public enum GridWriteStatus
{
    /// <summary>Stored at quorum and the manifest committed.</summary>
    Stored = 1,

    /// <summary>The same bytes were already stored under this name: nothing written.</summary>
    Duplicate = 2,

    /// <summary>Stored as a new version next to different bytes under the same name.</summary>
    StoredNewVersion = 3,

    /// <summary>Different bytes under an existing name, refused by policy; nothing written.</summary>
    RefusedDifferentContent = 4,

    /// <summary>Too few shards (or manifest replicas) became durable; nothing is visible.</summary>
    QuorumNotReached = 5,

    /// <summary>Too many targets are full; nothing is visible.</summary>
    OutOfSpace = 6,

    /// <summary>The request itself is unusable (name too long, too large).</summary>
    Invalid = 7,

    /// <summary>The same bytes were stored before as an earlier version; a newer version (other bytes) stays current. Nothing written.</summary>
    DuplicateOfOlderVersion = 8,

    /// <summary>The caller's check of the versions already stored refused the write (<see cref="GridWriteRequest.OverExisting"/>); nothing written.</summary>
    RefusedByExistingVersion = 9,

    /// <summary>The bytes read to encode were not those of <see cref="GridWriteRequest.ContentSha256"/> (the spool changed underneath); nothing kept.</summary>
    ContentChanged = 10,
}

/// <summary>The write's result; <see cref="Manifest"/> is set for Stored, StoredNewVersion and both duplicates.</summary>
/// <param name="MissedShards">Shards that went to the repair queue instead of being durable now.</param>
/// <param name="Brief">For a failed write, why in a few words (which nodes failed, and how), as a DICOM error comment has room for; null: <see cref="Detail"/> says it.</param>
public sealed record GridWriteOutcome(GridWriteStatus Status, GridManifest? Manifest, string Detail, int MissedShards = 0, string? Brief = null)
{
    public bool IsSuccess => Status is GridWriteStatus.Stored or GridWriteStatus.StoredNewVersion or GridWriteStatus.Duplicate or GridWriteStatus.DuplicateOfOlderVersion;
}
