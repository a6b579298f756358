using Archive.Node.Hosting;
using Archive.Catalog.Index;
using Archive.Catalog.Query;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Catalog.Model;
using Archive.Service.Querying;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Catalog;

/// <summary>
/// The grid's catalog search: this node's index and every other reachable node's, in parallel,
/// merged. Each catalog partition has m + 1 replicas on distinct nodes, so with up to m nodes down
/// every partition still answers and the result stays complete. A query that names its studies by
/// Study Instance UID (the partition key: every retrieve, commitment check and series or image query
/// within a study) asks only those partitions' replicas on the map in force; while a map change is being
/// settled, a partition's replicas that did not change still hold all of it (`map apply` refuses, without
/// --force, a map that changes every replica of some partition: <see cref="PartitionTransition"/>). A failed call is tried again as
/// <see cref="PeerRetry"/> says (not one that ran out of time); a node that still does not answer is skipped
/// and reported to membership. When the silent nodes could hold every replica of some partition the search
/// throws <see cref="PartitionsUnreachableException"/> rather than answer short. A PATIENT-level query is asked at
/// STUDY level and its patients counted here: no node holds every partition a patient's studies lie in. Thread-safe.
/// </summary>
public sealed partial class GridCatalogSearcher(string localNodeId, ICatalogIndex local, GridMapHolder maps, GrpcPeerConnector peers, MembershipTable membership, TimeSpan timeout, ILogger<GridCatalogSearcher> logger) : ICatalogSearcher
{
    /// <summary>The searcher of a running node: its local catalog, its peers, the configured fan-out deadline.</summary>
    public static GridCatalogSearcher Of(NodeRuntime node, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggers);
        return new GridCatalogSearcher(node.Settings.NodeId, node.Catalog, node.Maps, node.Peers, node.Membership, node.Settings.Dicom.CatalogQueryTimeout, loggers.CreateLogger<GridCatalogSearcher>());
    }

    /// <summary>
    /// Study rows a PATIENT-level query may gather, as a multiple of the patients it may return: past this, the
    /// answer is refused as too broad rather than counted from part of a patient's studies.
    /// </summary>
    internal const int StudiesPerPatientAsked = 16;

    public async Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        if (query.Level != CatalogLevel.Patient)
        {
            // Rows of one SOP Instance UID from several studies merge into one (the newest), so a node that stopped at the
            // limit may hold more than the merge shows: it is asked again for more until the answer is known complete
            // or over the limit (the caller tells the two apart by asking one more row than it returns).
            for (var asked = limit; ; asked = (int)Math.Min((long)asked * 2, CatalogServiceEndpoint.MaxLimit))
            {
                var (rows, stopped) = await FanOutAsync(query, scope, asked, cancellationToken).ConfigureAwait(false);
                var merged = CatalogMerge.Rows(rows, query.Level).Take(limit).ToArray();
                if (!stopped || merged.Length >= limit || asked >= CatalogServiceEndpoint.MaxLimit)
                {
                    return merged;
                }
            }
        }

        // A patient's studies lie in many partitions, and no node holds them all: each node answers with the
        // matching studies it holds, and the patient rows are counted here from their union.
        var studyLimit = (int)Math.Min((long)limit * StudiesPerPatientAsked, CatalogServiceEndpoint.MaxLimit);
        var (studies, truncated) = await FanOutAsync(query.AtStudyLevel(), scope, studyLimit, cancellationToken).ConfigureAwait(false);
        if (truncated)
        {
            throw new DimseStatusException(new DimseResult(DimseStatus.OutOfResources, $"over {studyLimit} studies match; narrow the query"));
        }

        var patients = StudySummary.Patients(CatalogMerge.Rows(studies, CatalogLevel.Study)).Where(query.Matches).Take(limit).ToArray();
        var ids = patients.Select(p => StudySummary.PatientKey(p).Id).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return patients;
        }

        // Their counts cover every study of each patient, not only those the keys picked (a name the patient had before).
        var (every, everyTruncated) = await FanOutAsync(query.StudiesOfPatients(ids), scope, studyLimit, cancellationToken).ConfigureAwait(false);
        if (everyTruncated)
        {
            throw new DimseStatusException(new DimseResult(DimseStatus.OutOfResources, $"the matching patients have over {studyLimit} studies; narrow the query"));
        }

        return StudySummary.WithAllTheirStudies(patients, CatalogMerge.Rows(every, CatalogLevel.Study)).ToArray();
    }

    /// <summary>The rows of every node that answered, and whether one of them stopped at <paramref name="limit"/>.</summary>
    private async Task<(IEnumerable<CatalogRow> Rows, bool Truncated)> FanOutAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken)
    {
        var request = new Wire.CatalogQueryRequest
        {
            Identifier = ByteString.CopyFrom(DicomDatasetBytes.Encode(query.Identifier, DicomTransferSyntax.ExplicitVRLittleEndian)),
            Model = (int)query.Model,
            Site = scope.Site,
            AllSites = scope.AllSites,
            Limit = limit,
        };
        var map = maps.Current;
        var studies = query.UidsNamed(CatalogSchema.StudyInstanceUid);
        var holders = studies is not null
            ? studies.SelectMany(study => ManifestDirectory.ReplicasOf(map, study)).DistinctBy(n => n.Id).ToArray()
            : map.Nodes;
        var nodes = holders.Where(n => n.State != NodeState.Retired && n.Id != localNodeId && membership.HealthOf(n.Id) != NodeHealth.Down);
        var asks = nodes.Select(n => AskAsync(n, request, cancellationToken));
        if (holders.Any(n => n.Id == localNodeId))
        {
            asks = asks.Append(LocalAsync(query, scope, limit, cancellationToken));
        }

        var answered = (await Task.WhenAll(asks).ConfigureAwait(false)).Where(a => a.Rows is not null).ToArray();
        if (Unanswered(map, studies, answered.Select(a => a.NodeId).ToHashSet()) is { } missing)
        {
            throw new PartitionsUnreachableException(missing);
        }

        return (answered.SelectMany(a => a.Rows!), answered.Any(a => a.Rows!.Count >= limit));
    }

    /// <summary>
    /// Null when every partition the query may touch had a replica among <paramref name="answered"/>; otherwise the
    /// silent nodes that hold the unheard partitions, named (a DICOM error comment keeps 64 characters, so the count and
    /// the ids come first and short). A query naming its studies is checked study by study. Any other may touch every
    /// partition: it is complete while fewer active nodes are silent than a partition has replicas.
    /// </summary>
    internal static string? Unanswered(GridMap map, IReadOnlyList<string>? studies, IReadOnlySet<string> answered)
    {
        string[] silent;
        if (studies is not null)
        {
            silent = studies.Select(study => ManifestDirectory.ReplicasOf(map, study))
                .Where(replicas => !replicas.Any(n => answered.Contains(n.Id)))
                .SelectMany(replicas => replicas.Select(n => n.Id))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (silent.Length == 0)
            {
                return null;
            }
        }
        else
        {
            silent = map.Nodes.Where(n => n.State == NodeState.Active && !answered.Contains(n.Id)).Select(n => n.Id).ToArray();
            if (silent.Length < PartitionPlacement.ReplicaCount(map))
            {
                return null;
            }
        }

        return $"catalog incomplete: {silent.Length} silent: {string.Join(',', silent)}";
    }

    private async Task<(string NodeId, IReadOnlyList<CatalogRow>? Rows)> LocalAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<CatalogRow>();
        await foreach (var row in local.QueryAsync(query, scope, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count >= limit)
            {
                break;
            }
        }

        return (localNodeId, rows);
    }

    /// <summary>The node's rows; null when it did not answer.</summary>
    private async Task<(string NodeId, IReadOnlyList<CatalogRow>? Rows)> AskAsync(GridNode node, Wire.CatalogQueryRequest request, CancellationToken cancellationToken)
    {
        var (rows, failure) = await PeerRetry.CallAsync(
            membership,
            node.Id,
            async () =>
            {
                var found = new List<CatalogRow>();
                var channel = peers.Channel(node);
                using var call = channel.Catalog.Query(request, channel.Call(cancellationToken, timeout));
                await foreach (var row in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    found.Add(CatalogRowWire.FromWire(row));
                }

                return found;
            },
            e => e is RpcException && !cancellationToken.IsCancellationRequested,
            cancellationToken,
            mayRetry: e => ((RpcException)e).StatusCode != StatusCode.DeadlineExceeded).ConfigureAwait(false);
        if (failure is RpcException e)
        {
            LogNodeSkipped(node.Id, e.StatusCode.ToString());
        }

        return (node.Id, rows);
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Catalog query: node {NodeId} did not answer ({Code}); its partitions are answered by their other replicas")]
    private partial void LogNodeSkipped(string nodeId, string code);
}
