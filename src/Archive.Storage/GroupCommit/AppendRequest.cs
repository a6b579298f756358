using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.GroupCommit;

/// <summary>
/// One record waiting for the next group commit. The submitter owns <see cref="Record"/>'s buffer
/// and must keep it alive until <see cref="Completion"/> completes.
/// </summary>
internal sealed class AppendRequest
{
    public AppendRequest(ReadOnlyMemory<byte> record, ShardKey key, RecordKind kind, byte[]? manifest, ShardLocation? expectedCurrent, bool relocation = false)
    {
        IsRelocation = relocation;
        Record = record;
        Key = key;
        Kind = kind;
        Manifest = manifest;
        ExpectedCurrent = expectedCurrent;
    }

    /// <summary>The serialised record.</summary>
    public ReadOnlyMemory<byte> Record { get; }

    /// <summary>The shard it is about.</summary>
    public ShardKey Key { get; }

    /// <summary>Shard or tombstone.</summary>
    public RecordKind Kind { get; }

    /// <summary>Encoded manifest to index with a shard record.</summary>
    public byte[]? Manifest { get; }

    /// <summary>
    /// A compaction copy: a relocated shard switches the index only if it still points at
    /// <see cref="ExpectedCurrent"/>; a relocated tombstone never touches the index.
    /// </summary>
    public bool IsRelocation { get; }

    /// <summary>Compaction copies only: switch the index only if it still points here.</summary>
    public ShardLocation? ExpectedCurrent { get; }

    /// <summary>Completed by the appender after fsync and index commit.</summary>
    public TaskCompletionSource<AppendOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
