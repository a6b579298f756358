using Archive.Storage.Indexing;
using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>One shard held by the node, as listed.</summary>
public readonly record struct ShardInfo(ShardKey Key, DiskId Disk, long Length, ShardState State);
