namespace Archive.Index.Schema;

/// <summary>
/// Column families and schema versions of the node index. The schema version lives in the default
/// column family under <see cref="VersionKey"/>; every version change has an explicit
/// <see cref="IIndexUpgradeStep"/> in <see cref="Steps"/>.
/// <list type="bullet">
/// <item>v1: <c>shards</c> (shard key → location), <c>manifests</c> (object key → manifest).</item>
/// <item>v2: adds <c>checkpoints</c> (disk, segment → indexed length) so start-up rescans only segment tails.</item>
/// </list>
/// </summary>
public static class IndexSchema
{
    /// <summary>Version this build writes.</summary>
    public const uint CurrentVersion = 2;

    /// <summary>Shard inventory column family.</summary>
    public const string Shards = "shards";

    /// <summary>Manifest column family.</summary>
    public const string Manifests = "manifests";

    /// <summary>Segment checkpoint column family (v2).</summary>
    public const string Checkpoints = "checkpoints";

    /// <summary>Key of the schema version in the default column family.</summary>
    public static ReadOnlySpan<byte> VersionKey => "schema-version"u8;

    /// <summary>Column families of the current version.</summary>
    public static IReadOnlyList<string> ColumnFamilies { get; } = [Shards, Manifests, Checkpoints];

    /// <summary>Upgrade steps, one per version, in order.</summary>
    public static IReadOnlyList<IIndexUpgradeStep> Steps { get; } = [new AddCheckpointsStep()];
}
