using Archive.Catalog.Index;
using Archive.Catalog.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// Answers a query from candidate instances (one node's index, or the merge of several nodes'
/// answers): keeps the newest version of each SOP instance, applies the caller's site scope,
/// aggregates rows at the query level and keeps those that match. Pure.
/// </summary>
public static class CatalogSearch
{
    public static IEnumerable<CatalogRow> Run(IEnumerable<CatalogEntry> candidates, CatalogQuery query, QueryScope scope)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        var newest = candidates
            .Where(e => scope.Allows(e.Record.Site))
            .GroupBy(e => e.Record.SopInstanceUid, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.StoredAt)!)
            .ToArray();
        var rows = CatalogAggregator.Rows(newest.Select(e => e.Record), query.Level).Where(query.Matches);
        if (query.Level != CatalogLevel.Image)
        {
            return rows;
        }

        var versions = newest.ToDictionary(e => e.Record.SopInstanceUid, StringComparer.Ordinal);
        return rows.Select(r => versions.TryGetValue(r.Get(CatalogSchema.SopInstanceUid) ?? string.Empty, out var entry)
            ? r with { Version = entry.Version, StoredAt = entry.StoredAt }
            : r);
    }
}
