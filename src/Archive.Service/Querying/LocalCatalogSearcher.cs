using Archive.Catalog.Index;
using Archive.Catalog.Query;

namespace Archive.Service.Querying;

/// <summary>Searches this node's catalog index alone: the single-node archive, and each node's share of a grid search.</summary>
public sealed class LocalCatalogSearcher(ICatalogIndex index) : ICatalogSearcher
{
    public async Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<CatalogRow>();
        await foreach (var row in index.QueryAsync(query, scope, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count >= limit)
            {
                break;
            }
        }

        return rows;
    }
}
