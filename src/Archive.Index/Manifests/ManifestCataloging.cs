using Archive.Catalog.Index;
using Archive.Grid.Manifests;
using Archive.Index.Catalog;

namespace Archive.Index.Manifests;

/// <summary>
/// How a <see cref="RocksManifestReplica"/> catalogues the manifests it takes: the catalog index of the
/// same database, and the reading of a manifest's attributes as a catalog entry (null: nothing to index).
/// </summary>
public sealed record ManifestCataloging(RocksCatalogIndex Index, Func<GridManifest, CatalogEntry?> EntryOf);
