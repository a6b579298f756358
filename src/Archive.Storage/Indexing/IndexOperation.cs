using Archive.Storage.Primitives;

namespace Archive.Storage.Indexing;

/// <summary>What one <see cref="IndexOperation"/> does.</summary>
public enum IndexOperationKind
{
    /// <summary>Insert or replace a shard entry.</summary>
    PutShard = 1,

    /// <summary>Remove a shard entry.</summary>
    DeleteShard = 2,

    /// <summary>Insert or replace an encoded manifest.</summary>
    PutManifest = 3,

    /// <summary>Remove a manifest.</summary>
    DeleteManifest = 4,

    /// <summary>Set a segment checkpoint.</summary>
    SetCheckpoint = 5,

    /// <summary>Remove a segment checkpoint (segment deleted).</summary>
    DeleteCheckpoint = 6,
}

/// <summary>One write in an <see cref="IndexBatch"/>; only the fields its kind names are meaningful.</summary>
public sealed record IndexOperation(
    IndexOperationKind Kind,
    ShardKey Shard = default,
    ShardLocation Location = default,
    ObjectKey Object = default,
    byte[]? Manifest = null,
    SegmentCheckpoint Checkpoint = default);
