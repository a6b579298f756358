using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Node.Catalog;
using Archive.Node.Hosting;
using Archive.Storage.Cache;
using Archive.Storage.Layout;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Admin;

/// <summary>
/// AdminLookupService: the operator's read-only lookups. Studies and instances come from the
/// grid-wide catalog search (every site: the caller holds the cluster credentials), versions and
/// placement from the partition's manifest replicas; the cache figures are this node's.
/// Stateless per call; thread-safe.
/// </summary>
public sealed class AdminLookupEndpoint : Wire.AdminLookupService.AdminLookupServiceBase
{
    public const int MaxLimit = 100_000;

    private static readonly QueryScope EverySite = new(string.Empty, AllSites: true);

    private readonly NodeRuntime _node;
    private readonly GridCatalogSearcher _searcher;

    public AdminLookupEndpoint(NodeRuntime node, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggers);
        _node = node;
        _searcher = GridCatalogSearcher.Of(node, loggers);
    }

    public override async Task<Wire.FindStudiesReply> FindStudies(Wire.FindStudiesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var limit = Limit(request.Limit);
        var query = AdminLookupQueries.Studies(request);
        var rows = await _searcher.SearchAsync(query, EverySite, limit + 1, context.CancellationToken).ConfigureAwait(false);
        var reply = new Wire.FindStudiesReply { Truncated = rows.Count > limit };
        reply.Studies.AddRange(rows.Take(limit).Select(row => AdminLookupQueries.Study(row, query)));
        return reply;
    }

    public override async Task<Wire.ListObjectsReply> ListObjects(Wire.ListObjectsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.Uid) || request.Uid.IndexOfAny(['*', '?', '\\']) >= 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a Study or SOP Instance UID is required (no wildcards)"));
        }

        var limit = Limit(request.Limit);
        var token = context.CancellationToken;
        var query = AdminLookupQueries.Instances(CatalogSchema.StudyInstanceUid, request.Uid);
        var rows = await _searcher.SearchAsync(query, EverySite, limit + 1, token).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            query = AdminLookupQueries.Instances(CatalogSchema.SopInstanceUid, request.Uid);
            rows = await _searcher.SearchAsync(query, EverySite, limit + 1, token).ConfigureAwait(false);
        }

        var map = _node.Maps.Current;
        var directory = new ManifestDirectory(_node.Peers, _node.Membership);
        var reply = new Wire.ListObjectsReply { Truncated = rows.Count > limit };
        foreach (var row in rows.Take(limit))
        {
            var view = AdminLookupQueries.Instance(row);
            var versions = await directory.GetVersionsAsync(map, view.StudyInstanceUid, ObjectIdentity.ObjectIdOf(view.SopInstanceUid), token).ConfigureAwait(false);
            view.Versions.AddRange(versions.Select(Version));
            reply.Objects.Add(view);
        }

        return reply;
    }

    public override Task<Wire.NodeUpkeepReply> NodeUpkeep(Wire.NodeUpkeepRequest request, ServerCallContext context)
    {
        var settings = _node.Settings;
        // The running cache's own figures, as /metrics shows them; its files only when the DICOM service is off.
        var (entries, bytes) = _node.StorageMetrics.ObservedCache is { } cache
            ? (cache.Count, cache.SizeBytes)
            : ReplicaCache.Survey(StoragePaths.CacheDirectory(settings.FastDirectory));
        return Task.FromResult(new Wire.NodeUpkeepReply
        {
            NodeId = settings.NodeId,
            CacheEntries = entries,
            CacheBytes = bytes,
            CacheCapacityBytes = settings.Dicom.ReplicaCacheBytes,
        });
    }

    private static int Limit(int requested) => requested <= 0 ? 1000 : Math.Min(requested, MaxLimit);

    private static Wire.ObjectVersionView Version(GridManifest manifest)
    {
        var view = new Wire.ObjectVersionView
        {
            Sha256 = ByteString.CopyFrom(manifest.Sha256.Bytes),
            Length = manifest.ObjectLength,
            StorageClass = manifest.StorageClass,
            DataShards = manifest.DataShards,
            ParityShards = manifest.ParityShards,
            CreatedAtUnixMs = manifest.CreatedAt.ToUnixTimeMilliseconds(),
            Parts = manifest.Parts.Count,
        };
        for (var part = 0; part < manifest.Parts.Count; part++)
        {
            var shards = manifest.Parts[part].Shards;
            for (var index = 0; index < shards.Count; index++)
            {
                view.Shards.Add(new Wire.ShardPlacementView { Part = part, ShardIndex = index, NodeId = shards[index].NodeId, DiskId = shards[index].DiskId });
            }
        }

        return view;
    }
}
