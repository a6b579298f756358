using System.Runtime.CompilerServices;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Grid.Peers;
using Archive.Service.Configuration;
using Archive.Storage.Audit;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Querying;

/// <summary>
/// C-FIND SCP (Patient Root and Study Root, every level) over the grid's catalog: scoped to the
/// caller's site, answers merged from every node, one pending response per match, capped at
/// <see cref="ArchiveServiceOptions.MaxQueryResults"/> (then 0xA700 asking to narrow the query).
/// Every query is audited (level and count; never its keys, which may name a patient). Thread-safe.
/// </summary>
public sealed partial class ArchiveFindHandler(AeRegistry registry, ICatalogSearcher searcher, ArchiveServiceOptions options, ILogger<ArchiveFindHandler> logger, IAuditTrail? audit = null) : ICFindHandler
{
    private readonly IAuditTrail _audit = audit ?? NoAuditTrail.Instance;

    private static readonly DicomTag RetrieveAeTitle = new(0x0008, 0x0054);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Association.CallingAeTitle;
        if (!registry.Allows(caller, AePermissions.Query))
        {
            _audit.Record(new AuditEvent(AuditTypes.Query, caller, "0x0124", Detail: "calling AE may not query", From: request.Association.RemoteAddress));
            throw new DimseStatusException(new DimseResult(new DimseStatus(0x0124), "calling AE may not query"));
        }

        var query = QueryRequests.Parse(request);
        IReadOnlyList<CatalogRow> rows;
        try
        {
            rows = await searcher.SearchAsync(query, registry.ScopeOf(caller), options.MaxQueryResults + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (PartitionsUnreachableException e)
        {
            _audit.Record(new AuditEvent(AuditTypes.Query, caller, $"0x{DimseStatus.UnableToProcess.Code:X4}", Detail: $"{CatalogLevels.Term(query.Level)} level; {e.Message}", From: request.Association.RemoteAddress));
            throw new DimseStatusException(new DimseResult(DimseStatus.UnableToProcess, e.Message));
        }

        LogFind(caller, CatalogLevels.Term(query.Level), rows.Count);
        var capped = rows.Count > options.MaxQueryResults;
        _audit.Record(new AuditEvent(
            AuditTypes.Query,
            caller,
            capped ? $"0x{DimseStatus.OutOfResources.Code:X4}" : "0x0000",
            Detail: $"{CatalogLevels.Term(query.Level)} level, {(capped ? $"over {options.MaxQueryResults}" : rows.Count)} match(es)",
            From: request.Association.RemoteAddress));
        var syntax = DicomTransferSyntax.Lookup(request.TransferSyntaxUid);
        foreach (var row in rows.Take(options.MaxQueryResults))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var response = CatalogResponse.Build(row, query);
            response.AddOrReplaceText(RetrieveAeTitle, DicomVR.AE, options.AeTitle);
            yield return DicomDatasetBytes.Encode(response, syntax);
        }

        if (capped)
        {
            throw new DimseStatusException(new DimseResult(DimseStatus.OutOfResources, $"over {options.MaxQueryResults} matches; narrow the query"));
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "C-FIND from {CallingAe} at {Level}: {Matches} match(es)")]
    private partial void LogFind(string callingAe, string level, int matches);
}
