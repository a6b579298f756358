using Archive.Catalog.Model;
using Archive.Catalog.Query;

namespace Archive.Catalog.Index;

/// <summary>
/// One node's searchable catalog over the partitions it replicates. The lower layer owns this
/// seam; the host wires the RocksDB implementation (Archive.Index). Thread-safe.
/// </summary>
public interface ICatalogIndex
{
    /// <summary>Adds or replaces an instance (idempotent by SOP Instance UID and version); durable on return.</summary>
    ValueTask PutAsync(CatalogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Instance records that may match <paramref name="query"/> within <paramref name="scope"/>,
    /// grouped by study (all instances of a study together). Indexes narrow the candidates; the
    /// caller aggregates and applies <see cref="CatalogQuery.Matches"/>.
    /// </summary>
    IAsyncEnumerable<CatalogEntry> CandidatesAsync(CatalogQuery query, QueryScope scope, CancellationToken cancellationToken = default);
}

/// <summary>An instance in the catalog: its record and the object version it describes.</summary>
/// <param name="Version">Hex SHA-256 of the stored version; the newest version of a SOP instance wins in answers.</param>
public sealed record CatalogEntry(CatalogRecord Record, string Version, DateTimeOffset StoredAt);
