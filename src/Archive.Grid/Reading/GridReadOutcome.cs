using Archive.Grid.Manifests;

namespace Archive.Grid.Reading;

/// <summary>What a read did. Mapped to DIMSE sub-operation statuses by the host.</summary>
public enum GridReadStatus
{
    /// <summary>Every byte written to the destination, SHA-256 verified.</summary>
    Ok = 1,

    /// <summary>No reachable catalog replica knows the object (or that version).</summary>
    NotFound = 2,

    /// <summary>Some part has fewer than k good shards reachable: the object cannot be rebuilt now.</summary>
    Unrecoverable = 3,

    /// <summary>Rebuilt bytes do not match the SHA-256: never returned as good (a bug or silent corruption).</summary>
    FixityMismatch = 4,
}

/// <summary>
/// A read's result. On anything but <see cref="GridReadStatus.Ok"/> the destination holds
/// partial or wrong bytes and must be discarded.
/// </summary>
/// <param name="DegradedParts">Parts that needed parity (a shard missing, slow or corrupt).</param>
public sealed record GridReadOutcome(GridReadStatus Status, GridManifest? Manifest, string Detail, int DegradedParts = 0)
{
    public bool IsSuccess => Status == GridReadStatus.Ok;
}
