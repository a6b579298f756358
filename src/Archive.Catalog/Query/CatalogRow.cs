using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// One answer at a query level: a patient, study, series or instance, with the attributes of its
/// level and the levels above it, and the computed ones (counts, modalities in study).
/// </summary>
public sealed record CatalogRow(
    CatalogLevel Level,
    string Site,
    IReadOnlyDictionary<DicomTag, string> Values,
    IReadOnlyDictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>> Sequences)
{
    /// <summary>For an IMAGE row: the stored transfer syntax (retrieval offers it first).</summary>
    public string? TransferSyntaxUid { get; init; }

    /// <summary>For an IMAGE row: the SHA-256 (hex) of the stored version it describes, so retrieval can go straight to it.</summary>
    public string? Version { get; init; }

    /// <summary>For an IMAGE row: when that version was stored.</summary>
    public DateTimeOffset? StoredAt { get; init; }

    public string? Get(DicomTag tag) => Values.GetValueOrDefault(tag);
}
