using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Grid.Peers;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Storage.Audit;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Retrieving;

/// <summary>
/// C-MOVE and C-GET SCP: the identifier (any level, any model) designates every instance below the
/// matched entities within the caller's site scope; the network layer sends them as C-STORE
/// sub-operations, each fetched from the replica cache or the grid when it is sent. Each retrieve is audited once per
/// study it sends, when resolved, and once when it ends (its final status and sub-operation counts, or why it was
/// refused), with its destination. Thread-safe.
/// </summary>
public sealed partial class ArchiveRetrieveHandler(AeRegistry registry, ICatalogSearcher searcher, ObjectFetcher fetcher, ArchiveServiceOptions options, ILogger<ArchiveRetrieveHandler> logger, IAuditTrail? audit = null) : IRetrieveHandler
{
    private readonly IAuditTrail _audit = audit ?? NoAuditTrail.Instance;

    public async ValueTask<RetrieveResolution> ResolveAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resolution = await ResolveScopedAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var study in resolution.Instances.OfType<ArchivedInstance>().GroupBy(i => i.StudyInstanceUid, StringComparer.Ordinal))
        {
            // Recorded when the retrieve is resolved, before its sub-operations run: what was asked and is being sent.
            _audit.Record(new AuditEvent(AuditTypes.Retrieve, request.Association.CallingAeTitle, "resolved", study.Key, Detail: $"{How(request)}: {study.Count()} instance(s) to send", From: request.Association.RemoteAddress));
        }

        return resolution;
    }

    /// <summary>The retrieve's last audit record: refused (with the reason), or what its sub-operations did.</summary>
    public void Finished(QueryRequest request, RetrieveOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = $"0x{outcome.Result.Status.Code:X4}";
        string? study = null;
        var detail = outcome.Ran || outcome.Result.Status.IsSuccess
            ? $"{How(request)}: {outcome.Completed} completed, {outcome.Failed} failed, {outcome.Warning} warning, {outcome.Remaining} not sent"
                + (outcome.Result.ErrorComment is { } why ? $"; {why}" : string.Empty) // e.g. the requestor ended the association first
            : How(request) + AskedFor(request, out study) + (outcome.Result.ErrorComment is { } reason ? $"; {reason}" : string.Empty);
        _audit.Record(new AuditEvent(AuditTypes.Retrieve, request.Association.CallingAeTitle, status, study, Detail: detail, From: request.Association.RemoteAddress));
    }

    /// <summary>
    /// What a retrieve that never got to resolve asked for (refused, or cancelled first), for its audit record: the
    /// level, and the study when the identifier names one. Never a Patient ID: a PATIENT-level ask says only its level.
    /// </summary>
    private static string AskedFor(QueryRequest request, out string? study)
    {
        study = null;
        CatalogQuery asked;
        try
        {
            asked = QueryRequests.Parse(request);
        }
        catch (DimseStatusException)
        {
            return ", identifier not understood";
        }

        var uids = asked.Identifier.GetText(CatalogSchema.StudyInstanceUid)?.Split('\\', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        study = uids.Length == 1 && uids[0].Length <= 64 ? uids[0] : null;
        var named = uids.Length > 1 ? $", {uids.Length} studies named" : string.Empty;
        return $", {CatalogLevels.Term(asked.Level)} level{named}";
    }

    private static string How(QueryRequest request) => request.MoveDestination is { } destination ? $"C-MOVE to {destination}" : "C-GET";

    private async ValueTask<RetrieveResolution> ResolveScopedAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Association.CallingAeTitle;
        if (!registry.Allows(caller, AePermissions.Retrieve))
        {
            return RetrieveResolution.Failed(new DimseResult(new DimseStatus(0x0124), "calling AE may not retrieve"));
        }

        CatalogQuery query;
        string askedLevel;
        try
        {
            var asked = QueryRequests.Parse(request);
            askedLevel = CatalogLevels.Term(asked.Level);
            var uniqueKey = CatalogSchema.UniqueKey(asked.Level);
            var value = asked.Identifier.GetText(uniqueKey);
            if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                // PS3.4 C.4.2.2.1: a retrieve names its entities by unique key; an empty or wildcard key would mean "everything".
                return RetrieveResolution.Failed(new DimseResult(DimseStatus.DataSetDoesNotMatchSopClass, $"{CatalogLevels.Term(asked.Level)} retrieve needs a value for {uniqueKey}"));
            }

            query = ImageLevel(asked);
        }
        catch (DimseStatusException e)
        {
            return RetrieveResolution.Failed(e.Result);
        }

        IReadOnlyList<CatalogRow> rows;
        try
        {
            rows = await searcher.SearchAsync(query, registry.ScopeOf(caller), options.MaxRetrieveInstances + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (PartitionsUnreachableException e)
        {
            return RetrieveResolution.Failed(new DimseResult(DimseStatus.UnableToProcess, e.Message));
        }

        if (rows.Count > options.MaxRetrieveInstances)
        {
            return RetrieveResolution.Failed(new DimseResult(DimseStatus.OutOfResourcesUnableToCalculateMatches, $"over {options.MaxRetrieveInstances} instances; narrow it"));
        }

        var instances = rows
            .Where(r => r.Get(CatalogSchema.SopInstanceUid) is not null && r.Get(CatalogSchema.StudyInstanceUid) is not null)
            .Select(r => (IRetrieveInstance)new ArchivedInstance(
                fetcher,
                r.Get(CatalogSchema.StudyInstanceUid)!,
                r.Get(CatalogSchema.SopClassUid) ?? string.Empty,
                r.Get(CatalogSchema.SopInstanceUid)!,
                r.TransferSyntaxUid ?? DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
                r.Version))
            .ToArray();
        LogResolved(caller, askedLevel, instances.Length);
        return RetrieveResolution.Of(instances);
    }

    /// <summary>
    /// Every instance under the entities the identifier's unique keys name, asked at IMAGE level (PS3.4 C.4.2.2.1): the
    /// unique keys of the retrieve level and the levels above it in the model (with the Issuer of Patient ID, which
    /// qualifies a Patient ID here). Any other key is ignored, as C-FIND ignores keys below its level: a PACS that sends
    /// back a C-FIND answer, its Modality or a series UID filled in, gets the whole study, not part of it with Success.
    /// </summary>
    private static CatalogQuery ImageLevel(CatalogQuery query)
    {
        var uniqueKeys = UniqueKeysDownTo(query.Model, query.Level).ToHashSet();
        void OnlyUniqueKeys(DicomDataset identifier)
        {
            foreach (var tag in identifier.Select(e => e.Tag).Where(t => !uniqueKeys.Contains(t) && t != CatalogSchema.SpecificCharacterSet && t != CatalogSchema.QueryRetrieveLevel).ToList())
            {
                identifier.Remove(tag);
            }

            identifier.AddOrReplaceText(CatalogSchema.SopClassUid, DicomVR.UI, string.Empty);
        }

        return query.TryAskAt(CatalogLevel.Image, OnlyUniqueKeys, out var image, out var detail)
            ? image!
            : throw new DimseStatusException(new DimseResult(DimseStatus.DataSetDoesNotMatchSopClass, detail));
    }

    private static IEnumerable<DicomTag> UniqueKeysDownTo(QueryModel model, CatalogLevel level)
    {
        if (model == QueryModel.PatientRoot)
        {
            yield return CatalogSchema.PatientId;
            yield return CatalogSchema.IssuerOfPatientId;
        }

        for (var above = CatalogLevel.Study; above <= level; above++)
        {
            yield return CatalogSchema.UniqueKey(above);
        }
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Retrieve from {CallingAe} at {Level}: {Instances} instance(s)")]
    private partial void LogResolved(string callingAe, string level, int instances);
}
