using Archive.Dicom.Model;

namespace Archive.Catalog.Model;

/// <summary>
/// What the catalog keeps of one stored instance: its catalog attributes as decoded Unicode
/// text (multiple values joined by <c>\</c>), the few sequences PACS match on, the site that sent
/// it and how it is encoded. Stored in the object's manifest (opaque to the grid) and indexed by
/// every replica of the study's partition. Immutable by contract.
/// </summary>
/// <param name="Site">The hospital (site) of the calling AE that stored it: results are scoped by it.</param>
/// <param name="TransferSyntaxUid">The stored transfer syntax (retrieval may transcode).</param>
/// <param name="Length">Bytes of the stored object.</param>
/// <param name="Values">Text values by tag; absent tags were absent or empty in the object.</param>
/// <param name="Sequences">Items of the kept sequences, each item's text values by tag.</param>
public sealed record CatalogRecord(
    string Site,
    string TransferSyntaxUid,
    long Length,
    IReadOnlyDictionary<DicomTag, string> Values,
    IReadOnlyDictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>> Sequences)
{
    /// <summary>The text value of <paramref name="tag"/>, or null.</summary>
    public string? Get(DicomTag tag) => Values.GetValueOrDefault(tag);

    public string StudyInstanceUid => Get(CatalogSchema.StudyInstanceUid) ?? string.Empty;

    public string SeriesInstanceUid => Get(CatalogSchema.SeriesInstanceUid) ?? string.Empty;

    public string SopInstanceUid => Get(CatalogSchema.SopInstanceUid) ?? string.Empty;

    /// <summary>Patients are (issuer, id): two hospitals' "12345" are two patients.</summary>
    public (string Issuer, string Id) PatientKey => (Get(CatalogSchema.IssuerOfPatientId) ?? string.Empty, Get(CatalogSchema.PatientId) ?? string.Empty);

    /// <summary>The patient this record counts under in patient-level answers (<see cref="PatientOf"/>).</summary>
    public (string Domain, string Id) Patient => PatientOf(Get(CatalogSchema.IssuerOfPatientId), Get(CatalogSchema.PatientId), Site);

    /// <summary>
    /// A patient's identity: the Patient ID within its issuer's domain; with no issuer (none in the object nor configured
    /// for the AE that sent it), within its site's, since two hospitals' "12345" are two patients even then.
    /// </summary>
    public static (string Domain, string Id) PatientOf(string? issuer, string? id, string site) =>
        (string.IsNullOrEmpty(issuer) ? "\u0000site " + site : issuer, id ?? string.Empty);
}
