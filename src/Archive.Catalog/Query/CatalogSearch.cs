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
            .Select(g => g.MaxBy(e => e.StoredAt)!.Record);
        return CatalogAggregator.Rows(newest, query.Level).Where(query.Matches);
    }
}
