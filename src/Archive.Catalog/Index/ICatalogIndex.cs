using Archive.Catalog.Model;
using Archive.Catalog.Query;

namespace Archive.Catalog.Index;

/// <summary>
/// One node's searchable catalog over the partitions it replicates. The lower layer owns this
/// seam; the host wires the RocksDB implementation (Archive.Index). Thread-safe.
/// </summary>
public interface ICatalogIndex
{
    /// <summary>Adds an instance version (idempotent); durable on return.</summary>
    ValueTask PutAsync(CatalogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// The rows of <paramref name="query"/>'s level that match it within <paramref name="scope"/>,
    /// from this node's replicas only (the caller merges nodes' answers with <see cref="CatalogMerge"/>).
    /// </summary>
    IAsyncEnumerable<CatalogRow> QueryAsync(CatalogQuery query, QueryScope scope, CancellationToken cancellationToken = default);
}

/// <summary>An instance in the catalog: its record and the object version it describes.</summary>
/// <param name="Version">Hex SHA-256 of the stored version; the newest version of a SOP instance wins in answers.</param>
public sealed record CatalogEntry(CatalogRecord Record, string Version, DateTimeOffset StoredAt);
