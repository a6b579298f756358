using System.Collections.Concurrent;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Archive.Service.Querying;

namespace Archive.Service.Storing;

/// <summary>
/// The site a study was archived for, as the catalog says (its first instance's): a site-scoped caller may not add
/// an instance to another site's study, whose queries would then show that caller's patient and counts. A study's
/// site never changes once it has one, so answers found are kept (up to <see cref="Capacity"/> studies, then
/// forgotten at once); a study not yet in the catalog is asked again on its next store. Thread-safe.
/// </summary>
internal sealed class StudyOwners(ICatalogSearcher searcher)
{
    private const int Capacity = 50_000;
    private static readonly QueryScope EverySite = new(string.Empty, AllSites: true);
    private readonly ConcurrentDictionary<string, StudyOwner> _known = new(StringComparer.Ordinal);

    /// <summary>The study's site and Issuer of Patient ID, or null when the catalog holds no instance of it.</summary>
    /// <exception cref="Archive.Grid.Peers.PartitionsUnreachableException">No replica of the study's partition answered.</exception>
    public async ValueTask<StudyOwner?> FindAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(studyInstanceUid, out var known))
        {
            return known;
        }

        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrReplaceText(CatalogSchema.StudyInstanceUid, DicomVR.UI, studyInstanceUid);
        identifier.AddOrReplaceText(CatalogSchema.IssuerOfPatientId, DicomVR.LO, string.Empty);
        if (!CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out var detail))
        {
            throw new InvalidOperationException($"the study owner query does not parse: {detail}");
        }

        var rows = await searcher.SearchAsync(query!, EverySite, 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var owner = new StudyOwner(rows[0].Site, rows[0].Get(CatalogSchema.IssuerOfPatientId) is { Length: > 0 } issuer ? issuer : null);
        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known[studyInstanceUid] = owner;
        return owner;
    }
}

/// <summary>The site a study belongs to, and its Issuer of Patient ID (null when it has none).</summary>
internal sealed record StudyOwner(string Site, string? IssuerOfPatientId);
