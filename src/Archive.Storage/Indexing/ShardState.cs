namespace Archive.Storage.Indexing;

/// <summary>State of an inventory entry. Persisted in the index: values are frozen.</summary>
public enum ShardState : byte
{
    /// <summary>The record is where the index says and was valid when last checked.</summary>
    Live = 1,

    /// <summary>A block or the trailer failed its checksum: repair must rebuild the shard.</summary>
    Corrupt = 2,

    /// <summary>The entry points at nothing (segment gone, cut short, disk absent): repair must rebuild it.</summary>
    Missing = 3,
}
