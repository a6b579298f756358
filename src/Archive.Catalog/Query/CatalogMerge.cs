using System.Globalization;
using Archive.Catalog.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// Merges the answers of several nodes (each answers from its own replicas, so the same row can
/// come from up to m + 1 nodes): one row per identity at the level; when replicas disagree (one
/// lags behind a recent store), the row that counts more instances wins. At IMAGE level one SOP
/// Instance UID can also come from two studies (sent again under another Study Instance UID): the
/// version stored last wins, as it does within one study.
/// </summary>
public static class CatalogMerge
{
    public static IEnumerable<CatalogRow> Rows(IEnumerable<CatalogRow> rows, CatalogLevel level) =>
        rows.GroupBy(r => Identity(r, level))
            .Select(g => level == CatalogLevel.Image ? g.MaxBy(r => r.StoredAt ?? DateTimeOffset.MinValue)! : g.MaxBy(InstanceCount)!);

    private static (string, string, string) Identity(CatalogRow row, CatalogLevel level) => level switch
    {
        CatalogLevel.Patient => (row.Get(CatalogSchema.IssuerOfPatientId) ?? string.Empty, row.Get(CatalogSchema.PatientId) ?? string.Empty, string.Empty),
        _ => (row.Get(CatalogSchema.UniqueKey(level)) ?? string.Empty, string.Empty, string.Empty),
    };

    private static int InstanceCount(CatalogRow row)
    {
        var tag = row.Level switch
        {
            CatalogLevel.Patient => CatalogSchema.NumberOfPatientRelatedInstances,
            CatalogLevel.Study => CatalogSchema.NumberOfStudyRelatedInstances,
            _ => CatalogSchema.NumberOfSeriesRelatedInstances,
        };
        return int.TryParse(row.Get(tag), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
