namespace Archive.Grid.Map;

/// <summary>
/// How an object is made redundant: <see cref="DataShards"/> (k) data shards and
/// <see cref="ParityShards"/> (m) parity shards; any k of the k+m rebuild the object. Replication
/// is the case k = 1 (<c>rep-3</c> is k=1, m=2): every shard is a whole copy.
/// </summary>
public sealed record StorageClass(string Name, int DataShards, int ParityShards)
{
    /// <summary>k + m: the number of shards, each on its own failure domain where the map allows.</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>True for replication (k = 1): no decoding is ever needed.</summary>
    public bool IsReplication => DataShards == 1;
}

/// <summary>
/// Which storage class an object gets: the default, or a cheaper one for objects under a size
/// threshold (a 2 KB structured report must not cost 14 shard writes).
/// </summary>
public sealed record StorageClassPolicy(string DefaultClass, string? SmallObjectClass, long SmallObjectThresholdBytes)
{
    /// <summary>The class for an object of <paramref name="lengthBytes"/>.</summary>
    public string ClassFor(long lengthBytes) =>
        SmallObjectClass is not null && lengthBytes < SmallObjectThresholdBytes ? SmallObjectClass : DefaultClass;
}
