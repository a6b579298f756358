namespace Archive.Storage.Primitives;

/// <summary>One shard (data shards first, then parity) of one object version.</summary>
public readonly record struct ShardKey(ObjectKey Object, ushort ShardIndex)
{
    /// <summary>Convenience constructor.</summary>
    public ShardKey(ObjectId id, uint version, ushort shardIndex)
        : this(new ObjectKey(id, version), shardIndex)
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"{Object}/s{ShardIndex}";
}
