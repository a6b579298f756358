using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Node.Catalog;
using Archive.Grid.Grpc.Server;
using Archive.Node.Hosting;
using Archive.Storage.Audit;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Maintenance;

/// <summary>
/// MaintenanceService: this node's scrub, repair and rebalancing state and controls, and on-demand verification
/// of objects anywhere in the grid. The cluster credentials are checked by the host's gRPC
/// interceptor like every other service. Stateless per call; thread-safe.
/// </summary>
public sealed partial class MaintenanceEndpoint(NodeRuntime node, ScrubCoordinator scrub, RepairWorker worker, RebalanceProgress rebalance, ILoggerFactory loggers) : Wire.MaintenanceService.MaintenanceServiceBase
{
    private readonly RebalanceProgress _rebalance = rebalance;

    private const int MaxQueueScan = 1_000_000;

    /// <summary>Object digests sent at most (8 bytes each: 800 kB), so the reply stays well inside gRPC's message limit.</summary>
    private const int MaxObjectDigests = 100_000;

    private readonly GridCatalogSearcher _searcher = GridCatalogSearcher.Of(node, loggers);

    public override Task<Wire.ScrubStatusReply> ScrubStatus(Wire.ScrubStatusRequest request, ServerCallContext context)
    {
        var options = node.Settings.Scrub;
        var reply = new Wire.ScrubStatusReply
        {
            NodeId = node.Settings.NodeId,
            IngestBytesPerSecond = scrub.IngestBytesPerSecond,
            BytesPerSecondPerDisk = options.BytesPerSecondPerDisk,
            PeriodSeconds = (long)options.Period.TotalSeconds,
        };
        foreach (var disk in scrub.Disks)
        {
            var state = scrub.Ledger.LoadDisk(disk.Disk);
            reply.Disks.Add(new Wire.DiskScrubView
            {
                DiskId = disk.Disk.ToString(),
                Paused = disk.Paused,
                PassStartedUnixMs = Ms(state.PassStartedAt),
                SegmentId = state.SegmentId,
                Offset = state.Offset,
                PassBytes = state.PassBytes,
                PassBad = state.PassBad,
                LastPassStartedUnixMs = Ms(state.LastPassStartedAt),
                LastPassCompletedUnixMs = Ms(state.LastPassCompletedAt),
                SegmentsScrubbed = scrub.Ledger.Segments(disk.Disk).Count,
                VerifiedSinceStart = disk.Totals.Verified,
                BadSinceStart = disk.Totals.Bad,
            });
        }

        return Task.FromResult(reply);
    }

    public override Task<Wire.ScrubControlReply> ScrubStart(Wire.ScrubStartRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        scrub.Start(request.Now);
        node.Audit.Record(new AuditEvent(AuditTypes.AdminScrub, AdminActor.Of(context), "ok", Detail: request.Now ? "start now" : "resume"));
        return Task.FromResult(new Wire.ScrubControlReply { NodeId = node.Settings.NodeId, Disks = scrub.Disks.Count });
    }

    public override Task<Wire.ScrubControlReply> ScrubPause(Wire.ScrubPauseRequest request, ServerCallContext context)
    {
        scrub.Pause();
        node.Audit.Record(new AuditEvent(AuditTypes.AdminScrub, AdminActor.Of(context), "ok", Detail: "pause"));
        return Task.FromResult(new Wire.ScrubControlReply { NodeId = node.Settings.NodeId, Disks = scrub.Disks.Count });
    }

    public override async Task<Wire.RepairStatusReply> RepairStatus(Wire.RepairStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var depth = node.Repairs.Count;
        var items = await node.Repairs.PeekAsync(MaxQueueScan, context.CancellationToken).ConfigureAwait(false);
        var digests = items.Select(i => i.ObjectDigest()).ToHashSet();
        var reply = new Wire.RepairStatusReply
        {
            NodeId = node.Settings.NodeId,
            QueueDepth = depth,
            ObjectsBelowFullRedundancy = digests.Count,
            ObjectDigestsComplete = depth <= items.Count && digests.Count <= MaxObjectDigests,
            RepairedSinceStart = worker.Repaired,
            Unrecoverable = worker.Unrecoverable,
            WaitingForDisk = worker.WaitingForDisk,
            Enabled = node.Settings.Repair.Enabled,
        };
        if (reply.ObjectDigestsComplete)
        {
            reply.ObjectDigests.AddRange(digests);
        }

        reply.ByReason.AddRange(items.GroupBy(i => i.Reason).OrderBy(g => g.Key)
            .Select(g => new Wire.ReasonCount { Reason = (int)g.Key, Name = g.Key.ToString(), Count = g.LongCount() }));
        var max = request.MaxItems <= 0 ? 100 : request.MaxItems;
        foreach (var item in worker.UnrecoverableItems.Take(max))
        {
            var view = new Wire.UnrecoverableView { PartitionKey = item.PartitionKey, ObjectName = item.ObjectName, PartIndex = item.PartIndex };
            view.ShardIndices.AddRange(item.ShardIndices);
            reply.UnrecoverableItems.Add(view);
        }

        return reply;
    }

    public override async Task<Wire.VerifyReply> Verify(Wire.VerifyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.Uid))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a Study Instance UID, or a SOP Instance UID with its study, is required"));
        }

        var token = context.CancellationToken;
        var verifier = new ObjectVerifier(node.Maps, node.Peers, node.Membership, node.Repairs);
        var manifests = string.IsNullOrEmpty(request.StudyUid)
            ? await verifier.FindPartitionAsync(request.Uid, token).ConfigureAwait(false)
            : await verifier.FindObjectAsync(request.StudyUid, request.Uid, token).ConfigureAwait(false);
        if (manifests.Count == 0 && string.IsNullOrEmpty(request.StudyUid) && await StudyOfInstanceAsync(request.Uid, token).ConfigureAwait(false) is { } study)
        {
            manifests = await verifier.FindObjectAsync(study, request.Uid, token).ConfigureAwait(false);
        }
        if (manifests.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, string.IsNullOrEmpty(request.StudyUid)
                ? "no study or instance is stored under this UID"
                : "no such object in this study"));
        }

        var reply = new Wire.VerifyReply();
        foreach (var manifest in manifests)
        {
            var result = await verifier.VerifyAsync(manifest, request.Repair, token).ConfigureAwait(false);
            var view = new Wire.VerifiedObject
            {
                PartitionKey = manifest.PartitionKey,
                ObjectName = manifest.ObjectName,
                Sha256 = ByteString.CopyFrom(manifest.Sha256.Bytes),
                Parts = manifest.Parts.Count,
                DataShards = manifest.DataShards,
                ParityShards = manifest.ParityShards,
                OkShards = result.OkShards,
                TotalShards = result.TotalShards,
                Recoverable = result.Recoverable,
            };
            view.Bad.AddRange(result.Bad.Select(b => new Wire.ShardCheck
            {
                Part = b.Part,
                Shard = b.Shard,
                NodeId = b.NodeId,
                DiskId = b.DiskId,
                Status = Status(b.Status),
            }));
            view.Crowded.AddRange(result.Crowded.Select(c => new Wire.CrowdedDomain
            {
                Part = c.Part,
                Level = c.Excess.Level.ToString().ToLowerInvariant(),
                Domain = c.Excess.Domain,
                Limit = c.Excess.Limit,
                Shards = { c.Excess.Shards },
            }));
            reply.Objects.Add(view);
            if (request.Repair && result.Bad.Count > 0)
            {
                reply.QueuedRepairs += result.Bad.Select(b => b.Part).Distinct().Count();
            }
        }

        var complete = reply.Objects.Count(o => o.OkShards == o.TotalShards);
        node.Audit.Record(new AuditEvent(
            AuditTypes.AdminVerify,
            AdminActor.Of(context),
            "ok",
            string.IsNullOrEmpty(request.StudyUid) ? null : request.StudyUid,
            request.Uid,
            $"{reply.Objects.Count} object version(s): {complete} complete, {reply.Objects.Count(o => o.Crowded.Count > 0)} crowded{(request.Repair ? $", {reply.QueuedRepairs} repair item(s) queued" : string.Empty)}"));
        return reply;
    }

    public override Task<Wire.ListAuditReply> ListAudit(Wire.ListAuditRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var types = request.EventTypes.ToHashSet(StringComparer.Ordinal);
        if (types.FirstOrDefault(t => !AuditTypes.All.Contains(t)) is { } unknown)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"unknown audit event type '{unknown}'; known: {string.Join(", ", AuditTypes.All.Order(StringComparer.Ordinal))}"));
        }

        var query = new AuditQuery(
            request.SinceUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.SinceUnixMs) : null,
            request.UntilUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.UntilUnixMs) : null,
            types,
            string.IsNullOrEmpty(request.Actor) ? null : request.Actor,
            string.IsNullOrEmpty(request.Uid) ? null : request.Uid,
            request.Limit > 0 ? request.Limit : 1000);
        var (records, truncated) = AuditLogReader.Read(node.Settings.AuditDirectory, query);
        var reply = new Wire.ListAuditReply { NodeId = node.Settings.NodeId, Truncated = truncated, Dropped = node.Audit.Dropped };
        reply.Records.AddRange(records.Select(r => new Wire.AuditRecordView
        {
            Seq = r.Seq,
            TimeUnixMs = r.Time.ToUnixTimeMilliseconds(),
            NodeId = r.Node,
            Type = r.Type,
            Actor = r.Actor,
            Outcome = r.Outcome,
            StudyUid = r.Study ?? string.Empty,
            Subject = r.Subject ?? string.Empty,
            Detail = r.Detail ?? string.Empty,
            From = r.From ?? string.Empty,
        }));
        return Task.FromResult(reply);
    }

    public override Task<Wire.CheckAuditReply> CheckAudit(Wire.CheckAuditRequest request, ServerCallContext context)
    {
        var report = AuditLogReader.CheckChain(node.Settings.AuditDirectory);
        return Task.FromResult(new Wire.CheckAuditReply { NodeId = node.Settings.NodeId, Records = report.Records, LastSeq = report.LastSeq, Intact = report.Intact, Problem = report.Problem ?? string.Empty });
    }

    private static string Status(ShardVerdictStatus status) => status switch
    {
        ShardVerdictStatus.Ok => "ok",
        ShardVerdictStatus.Corrupt => "corrupt",
        ShardVerdictStatus.Missing => "missing",
        ShardVerdictStatus.Unavailable => "unavailable",
        _ => "unreachable",
    };

    private static long Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() ?? 0;

    /// <summary>The study of a SOP instance, from the grid-wide catalog (every site); null when no catalog knows it.</summary>
    private async Task<string?> StudyOfInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken)
    {
        var rows = await _searcher.SearchAsync(Admin.AdminLookupQueries.Instances(CatalogSchema.SopInstanceUid, sopInstanceUid), new QueryScope(string.Empty, AllSites: true), 1, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0].Get(CatalogSchema.StudyInstanceUid) : null;
    }
}
