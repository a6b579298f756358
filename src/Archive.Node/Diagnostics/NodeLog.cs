using Microsoft.Extensions.Logging;

namespace Archive.Node.Diagnostics;

/// <summary>The host's structured log events (STYLE.md §11). Never patient data: ids, paths and counts only.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Codec self-test passed on kernels {Kernels}")]
    public static partial void SelfTestPassed(this ILogger logger, string kernels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Critical, Message = "Codec self-test failed: this node refuses to start")]
    public static partial void SelfTestFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Formatted blank data disk {Root} as {DiskId}")]
    public static partial void DiskFormatted(this ILogger logger, string root, string diskId);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Critical, Message = "Data disk {Root} is blank and lies on the filesystem mounted at {Filesystem}, which data disk {Neighbour} is mounted over (at {NeighbourMount}): its own disk is most likely not mounted, so it was not formatted and stays out of service (shards there would fill {Filesystem}). Mount it and restart the node, or, if this directory is meant to be the disk, format it with archivectl node format-disk")]
    public static partial void BlankDiskLooksUnmounted(this ILogger logger, string root, string filesystem, string neighbour, string neighbourMount);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Data disks {Roots} share one filesystem (device {Device}): the shards on them are lost together with it, so this node keeps less redundancy than its storage class promises; give each data disk a device of its own")]
    public static partial void DisksShareFilesystem(this ILogger logger, string roots, string device);

    [LoggerMessage(EventId = 4026, Level = LogLevel.Warning, Message = "The cluster secret is the published development one and gRPC listens on {GrpcUrl}, beyond this machine: anyone who read the defaults file may call every admin RPC (list patients, export studies). Set Node:ClusterSecret (ARCHIVE_Node__ClusterSecret)")]
    public static partial void DevelopmentSecretExposed(this ILogger logger, string grpcUrl);

    [LoggerMessage(EventId = 4027, Level = LogLevel.Warning, Message = "The TLS private key {KeyFile} may be read or changed by other users (mode {Mode}): make it 0600 or 0640, owned by the node's user")]
    public static partial void KeyFileReadable(this ILogger logger, string keyFile, string mode);

    [LoggerMessage(EventId = 4028, Level = LogLevel.Warning, Message = "The certificate of {Setting} ({Subject}) is not valid now (valid {NotBefore:u} to {NotAfter:u}): every peer will refuse it")]
    public static partial void CertificateNotValid(this ILogger logger, string setting, string subject, DateTime notBefore, DateTime notAfter);

    [LoggerMessage(EventId = 4029, Level = LogLevel.Warning, Message = "The certificate of {Setting} ({Subject}) expires on {NotAfter:u}: renew it before then")]
    public static partial void CertificateExpiresSoon(this ILogger logger, string setting, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 4044, Level = LogLevel.Warning, Message = "A CA certificate of {Setting} ({Subject}) is not valid now (valid {NotBefore:u} to {NotAfter:u}): peers whose certificates chain to it are refused")]
    public static partial void AuthorityNotValid(this ILogger logger, string setting, string subject, DateTime notBefore, DateTime notAfter);

    [LoggerMessage(EventId = 4045, Level = LogLevel.Warning, Message = "A CA certificate of {Setting} ({Subject}) expires on {NotAfter:u}: peers whose certificates chain to it will be refused from then; renew it and the certificates it signed before then")]
    public static partial void AuthorityExpiresSoon(this ILogger logger, string setting, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Storage open: {Healthy} of {Total} data disks healthy")]
    public static partial void StorageOpened(this ILogger logger, int healthy, int total);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Generated a single-node grid map at {Path} ({Disks} disks)")]
    public static partial void MapGenerated(this ILogger logger, string path, int disks);

    [LoggerMessage(EventId = 4048, Level = LogLevel.Information, Message = "Took the grid map (epoch {Epoch}, {Nodes} nodes) from {JoinFrom} (Node:JoinFrom) and wrote it to {Path}")]
    public static partial void MapJoined(this ILogger logger, string joinFrom, long epoch, int nodes, string path);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Node {NodeId} open: cluster {ClusterId}, map epoch {Epoch}, {Nodes} node(s), gRPC {GrpcUrl}, HTTP {HttpUrl} (whether it is ready: /readyz)")]
    public static partial void NodeOpened(this ILogger logger, string nodeId, string clusterId, long epoch, int nodes, string grpcUrl, string httpUrl);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Applied grid map epoch {Epoch} ({Nodes} nodes)")]
    public static partial void MapApplied(this ILogger logger, long epoch, int nodes);

    [LoggerMessage(EventId = 4046, Level = LogLevel.Critical, Message = "The grid map (epoch {Epoch}) names node {NodeId} at {MapAddress}, but this node advertises {Advertised}: peers send {NodeId}'s traffic to {MapAddress}, not here, so this node is not ready. If another process runs as {NodeId} there, give this one its own Node:Id; if this node moved, apply a map with its new address (archivectl map apply)")]
    public static partial void MapNamesThisNodeElsewhere(this ILogger logger, string nodeId, string mapAddress, string advertised, long epoch);

    [LoggerMessage(EventId = 4047, Level = LogLevel.Critical, Message = "The grid map (epoch {Epoch}) names disks for node {NodeId}, and none of them is here: this process is not the node the map knows, so it is not ready. If another process runs as {NodeId}, give this one its own Node:Id; if every disk of this node was replaced, apply a map naming the new ones (archivectl map apply)")]
    public static partial void MapDisksNoneHere(this ILogger logger, string nodeId, long epoch);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "The grid map lists disk {DiskId} for this node but no open data disk carries it")]
    public static partial void MapDiskNotOpen(this ILogger logger, string diskId);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Single-node grid map epoch {Epoch}: {Count} data disk(s) formatted since the map was written added ({Roots})")]
    public static partial void MapDisksAdded(this ILogger logger, long epoch, int count, string roots);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Node {NodeId} stopping: draining calls, closing storage")]
    public static partial void NodeStopping(this ILogger logger, string nodeId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Node {NodeId} closed its storage cleanly")]
    public static partial void NodeStopped(this ILogger logger, string nodeId);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Heartbeat round failed")]
    public static partial void HeartbeatRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Manifest replay: re-read {Records} shard records written since {Since:o}, restored {Restored} manifest(s) the database had lost")]
    public static partial void ManifestsRecovered(this ILogger logger, int records, DateTimeOffset since, int restored);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "The fast directory's database is older than the data disks ({Reindexed} shard records it did not know; its last checkpoint: {Checkpoint}): restored from a backup, or new. Manifests are restored from the shard records (and, in a grid, refilled by the peers); what else it held since (audit records, repair queue, pending storage commitments) is not")]
    public static partial void DatabaseBehindDisks(this ILogger logger, int reindexed, string checkpoint);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "Manifest checkpoint failed; unsynced manifests stay covered by the shard replay")]
    public static partial void ManifestCheckpointFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Catalog: name keys of {Instances} instance(s) derived again with name folding version {Version} (a name stored before is found by its new folding)")]
    public static partial void CatalogNamesRefolded(this ILogger logger, long instances, uint version);
}
