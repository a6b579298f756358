using System.Reflection;
using Archive.Codec.Fixity;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Storage.Audit;
using Archive.Storage.Store;
using Google.Protobuf;
using Grpc.Core;

namespace Archive.Grid.Grpc.Server;

/// <summary>
/// AdminService: node status, and whole-object put/get that run the grid writer and reader on
/// this node (the coordinator). PutObject spools the incoming bytes to a temporary file (deleted
/// on close) because the writer reads its input twice; GetObject streams the reader's output and
/// ends with an error status when the object cannot be rebuilt or fails its SHA-256, so callers
/// discard what they received. Both are audited (admin import and export). Stateless per call; thread-safe.
/// </summary>
public sealed class AdminServiceEndpoint(
    LocalNode local,
    GridMapHolder maps,
    MembershipTable membership,
    PeerReports reports,
    IShardStore store,
    IRepairQueue repairs,
    INodeReadiness readiness,
    GridWriter writer,
    GridReader reader,
    IPeerConnector peers,
    GrpcEdgeOptions options,
    IAuditTrail? audit = null) : AdminService.AdminServiceBase
{
    private readonly IAuditTrail _audit = audit ?? NoAuditTrail.Instance;

    private static readonly string Version = typeof(AdminServiceEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public override Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        var map = maps.Current;
        var reply = new StatusReply
        {
            NodeId = local.NodeId,
            ClusterId = map.ClusterId,
            MapEpoch = map.Epoch,
            Ready = readiness.IsReady,
            RepairQueueDepth = repairs.Count,
            Version = Version,
            StartedAtUnixMs = readiness.StartedAt.ToUnixTimeMilliseconds(),
        };
        reply.Disks.AddRange(store.GetHealth().Disks.Select(ToWire.Disk));
        reply.WriteRisks.AddRange(WriteReadiness.Risks(map, writer.Options, id => id != local.NodeId && membership.HealthOf(id) != NodeHealth.Up, writer.RefusingDisks(map).Unwritable));
        if (readiness.WriteProblem is { } problem)
        {
            reply.WriteRisks.Add(problem);
        }

        reply.ToleranceRisks.AddRange(NodeTolerance.Risks(map));
        foreach (var node in map.Nodes)
        {
            var self = node.Id == local.NodeId;
            reply.Members.Add(new MemberView
            {
                NodeId = node.Id,
                Address = node.Address,
                Health = (int)(self ? NodeHealth.Up : membership.HealthOf(node.Id)),
                SilenceMs = self ? 0 : (long)membership.SilenceOf(node.Id).TotalMilliseconds,
                ReportedEpoch = self ? map.Epoch : reports.Of(node.Id)?.Epoch ?? 0,
                Retired = node.State == NodeState.Retired,
                LastFailure = self ? string.Empty : membership.LastFailureReason(node.Id) ?? string.Empty,
                MapDisks = node.Disks.Count(d => d.State != DiskState.Failed),
            });
        }

        return Task.FromResult(reply);
    }

    public override async Task<PutObjectReply> PutObject(IAsyncStreamReader<PutObjectChunk> requestStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        if (!await requestStream.MoveNext(token).ConfigureAwait(false) || requestStream.Current.KindCase != PutObjectChunk.KindOneofCase.Header)
        {
            throw new InvalidDataException("an object put starts with its header");
        }

        var header = requestStream.Current.Header;
        if (header.Length < 0 || header.Length > options.MaxObjectBytes)
        {
            throw new InvalidDataException($"object length {header.Length} beyond the limit of {options.MaxObjectBytes} bytes");
        }

        Directory.CreateDirectory(options.SpoolDirectory);
        var path = Path.Combine(options.SpoolDirectory, Guid.NewGuid().ToString("N") + ".spool");
        await using var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        long received = 0;
        using var hasher = new ObjectHasher(); // as they arrive: the writer then reads the spool once, to encode (and recheck)
        while (await requestStream.MoveNext(token).ConfigureAwait(false))
        {
            var chunk = requestStream.Current;
            if (chunk.KindCase != PutObjectChunk.KindOneofCase.Data || chunk.Data.Length > options.ChunkBytes || chunk.Data.Length > header.Length - received)
            {
                throw new InvalidDataException("object data chunk out of place, too large or beyond the announced length");
            }

            await spool.WriteAsync(chunk.Data.Memory, token).ConfigureAwait(false);
            hasher.Append(chunk.Data.Span);
            received += chunk.Data.Length;
        }

        if (received != header.Length)
        {
            throw new InvalidDataException($"object put announced {header.Length} bytes, sent {received}");
        }

        var outcome = await writer.WriteAsync(new GridWriteRequest(header.ObjectName, header.PartitionKey, spool, header.Attributes.Memory, ContentSha256: hasher.Finish(), RecheckContent: true), token).ConfigureAwait(false);
        _audit.Record(new AuditEvent(AuditTypes.AdminImport, AdminActor.Of(context), GridWriter.StatusLabel(outcome.Status), header.PartitionKey, header.ObjectName, $"{received} bytes"));
        return new PutObjectReply
        {
            Status = (WriteStatusCode)(int)outcome.Status,
            Detail = outcome.Detail,
            Sha256 = outcome.Manifest is { } m ? ByteString.CopyFrom(m.Sha256.Bytes) : ByteString.Empty,
            Length = outcome.Manifest?.ObjectLength ?? received,
            StorageClass = outcome.Manifest?.StorageClass ?? string.Empty,
            MissedShards = outcome.MissedShards,
        };
    }

    public override async Task GetObject(GetObjectRequest request, IServerStreamWriter<GetObjectChunk> responseStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        Sha256Digest? wanted = request.Sha256.IsEmpty ? null : FromWire.Sha256(request.Sha256);
        var directory = new ManifestDirectory(peers, membership);
        var versions = await directory.GetVersionsAsync(maps.Current, request.PartitionKey, ObjectIdentity.ObjectIdOf(request.ObjectName), token).ConfigureAwait(false);
        var manifest = wanted is { } sha ? versions.FirstOrDefault(v => v.Sha256 == sha) : versions.LastOrDefault();
        if (manifest is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "no reachable catalog replica knows this object"));
        }

        await responseStream.WriteAsync(new GetObjectChunk
        {
            Header = new GetObjectHeader
            {
                Length = manifest.ObjectLength,
                Sha256 = ByteString.CopyFrom(manifest.Sha256.Bytes),
                StorageClass = manifest.StorageClass,
                VersionCount = versions.Count,
            },
        }, token).ConfigureAwait(false);

        var outcome = await reader.ReadAsync(manifest, new ObjectChunkStream(responseStream, options.ChunkBytes), token).ConfigureAwait(false);
        _audit.Record(new AuditEvent(AuditTypes.AdminExport, AdminActor.Of(context), GridReader.StatusLabel(outcome.Status), request.PartitionKey, request.ObjectName, $"{manifest.ObjectLength} bytes, SHA-256 {manifest.Sha256}"));
        switch (outcome.Status)
        {
            case GridReadStatus.Ok:
                return;
            case GridReadStatus.NotFound:
                throw new RpcException(new Status(StatusCode.NotFound, outcome.Detail));
            case GridReadStatus.FixityMismatch:
                throw new RpcException(new Status(StatusCode.DataLoss, "object failed its SHA-256 check and was not returned: " + outcome.Detail));
            default:
                throw new RpcException(new Status(StatusCode.Unavailable, "object cannot be rebuilt now: " + outcome.Detail));
        }
    }

    public override async Task<ListRepairsReply> ListRepairs(ListRepairsRequest request, ServerCallContext context)
    {
        var max = Math.Clamp(request.Max, 0, 10_000);
        var items = await repairs.PeekAsync(max, context.CancellationToken).ConfigureAwait(false);
        var reply = new ListRepairsReply { Total = repairs.Count };
        reply.Items.AddRange(items.Select(ToWire.RepairItem));
        return reply;
    }
}
