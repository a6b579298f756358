using Archive.Catalog.Query;

namespace Archive.Service.Querying;

/// <summary>
/// Searches the archive's whole catalog for a query: every node answers from the partitions it
/// replicates and the answers are merged (<see cref="CatalogMerge"/>), so the result stays complete
/// while up to m nodes are down. Thread-safe.
/// </summary>
public interface ICatalogSearcher
{
    /// <summary>The merged rows, at most <paramref name="limit"/> (the caller asks one more than it returns to detect overflow).</summary>
    /// <exception cref="Archive.Grid.Peers.PartitionsUnreachableException">Some partition the query may touch had no replica answer.</exception>
    Task<IReadOnlyList<CatalogRow>> SearchAsync(CatalogQuery query, QueryScope scope, int limit, CancellationToken cancellationToken);
}
