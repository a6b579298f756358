using Archive.Catalog.Index;
using Archive.Catalog.Model;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;

namespace Archive.Service.Cataloging;

/// <summary>
/// This node's manifest replica, cataloguing every manifest it takes: the manifest's opaque
/// attributes are the object's <see cref="CatalogRecord"/>, indexed right after the manifest is
/// durable. Both puts are idempotent, and <see cref="CatalogRebuild"/> re-indexes every held
/// manifest at start-up, so a crash between them leaves no object unfindable. Thread-safe.
/// </summary>
public sealed class CatalogingManifestReplica(IManifestReplica inner, ICatalogIndex index) : IManifestReplica
{
    public async ValueTask<bool> PutAsync(GridManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!await inner.PutAsync(manifest, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (EntryOf(manifest) is { } entry)
        {
            await index.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask<bool> MovePlacementAsync(GridManifest from, GridManifest to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!await inner.MovePlacementAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Placement is not catalogued, but the version may have been new to this replica.
        if (EntryOf(to) is { } entry)
        {
            await index.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public ValueTask<IReadOnlyList<GridManifest>> GetVersionsAsync(string partitionKey, ObjectId objectId, CancellationToken cancellationToken = default) =>
        inner.GetVersionsAsync(partitionKey, objectId, cancellationToken);

    public IAsyncEnumerable<GridManifest> ListPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        inner.ListPartitionAsync(partitionKey, cancellationToken);

    /// <summary>The catalog entry a manifest carries, or null for an object without DICOM attributes.</summary>
    public static CatalogEntry? EntryOf(GridManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Attributes.IsEmpty)
        {
            return null;
        }

        try
        {
            return new CatalogEntry(CatalogRecordCodec.Decode(manifest.Attributes.Span), manifest.Sha256.ToString(), manifest.CreatedAt);
        }
        catch (CatalogFormatException)
        {
            return null;
        }
    }
}
