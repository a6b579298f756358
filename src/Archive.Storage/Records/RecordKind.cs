namespace Archive.Storage.Records;

/// <summary>Kind of a segment record. Persisted: values are frozen.</summary>
public enum RecordKind : byte
{
    /// <summary>A shard with its manifest and framed blocks.</summary>
    Shard = 1,

    /// <summary>A deletion marker: the shard named in the header is gone (replayed by recovery and rebuild).</summary>
    Tombstone = 2,
}
