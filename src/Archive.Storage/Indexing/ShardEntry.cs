using Archive.Storage.Primitives;

namespace Archive.Storage.Indexing;

/// <summary>One inventory row: a shard and where it lives.</summary>
public readonly record struct ShardEntry(ShardKey Key, ShardLocation Location);
