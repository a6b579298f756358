using Archive.Catalog.Index;
using Archive.Grid.Peers;

namespace Archive.Service.Cataloging;

/// <summary>Re-indexes every manifest of the given partitions into the catalog (idempotent): start-up reconciliation and the offline rebuild.</summary>
public static class CatalogRebuild
{
    /// <summary>Returns how many manifests carried a catalog entry.</summary>
    public static async Task<long> RunAsync(IManifestReplica replica, ICatalogIndex index, IAsyncEnumerable<string> partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(partitions);
        long count = 0;
        await foreach (var partition in partitions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var manifest in replica.ListPartitionAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                if (CatalogingManifestReplica.EntryOf(manifest) is { } entry)
                {
                    await index.PutAsync(entry, cancellationToken).ConfigureAwait(false);
                    count++;
                }
            }
        }

        return count;
    }
}
