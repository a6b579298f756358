using Archive.Grid.Grpc;
using Archive.Grid.Membership;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Storage.GroupCommit;

namespace Archive.Node.Options;

/// <summary>
/// Everything a node runs with, resolved (absolute paths, defaults filled in) and validated by
/// <see cref="NodeSettingsLoader"/>. Immutable.
/// </summary>
public sealed record NodeSettings(
    string NodeId,
    string Home,
    IReadOnlyList<string> DataDisks,
    string FastDirectory,
    string GridMapPath,
    string GrpcUrl,
    string HttpUrl,
    string AdvertisedAddress,
    string Site,
    string Rack,
    bool FormatBlankDisks,
    SingleNodeMapOptions SingleNode,
    DicomOptions Dicom,
    GridWriteOptions Write,
    GridReadOptions Read,
    MembershipOptions Membership,
    GroupCommitOptions GroupCommit,
    GrpcEdgeOptions Grpc,
    RepairOptions Repair,
    Archive.Grid.Scrub.ScrubOptions Scrub,
    Archive.Grid.Rebalancing.RebalanceOptions Rebalance)
{
    /// <summary>The shard index (storage engine's RocksDB).</summary>
    public string IndexDirectory => Storage.Layout.StoragePaths.IndexDirectory(FastDirectory);

    /// <summary>The grid database (catalog replicas and repair queue; a second RocksDB).</summary>
    public string GridDatabaseDirectory => Path.Combine(FastDirectory, "grid");

    /// <summary>The last map epoch this node finished rebalancing for (one line, written atomically).</summary>
    /// <summary>The gRPC TLS private key file (PEM), when an https GrpcUrl has one: checked at start (<see cref="Diagnostics.SecurityChecks"/>).</summary>
    public string? GrpcTlsKeyFile { get; init; }

    /// <summary>A running node's gRPC address to take the grid map from at first start (no map file yet); null: none.</summary>
    public string? JoinFrom { get; init; }

    public string RebalanceStatePath => Path.Combine(FastDirectory, "rebalanced-epoch");

    /// <summary>The audit trail: one append-only, hash-chained file per UTC day.</summary>
    public string AuditDirectory => Path.Combine(FastDirectory, "audit");
}
