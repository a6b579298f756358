using Archive.Grid.Manifests;
using Archive.Index;
using Archive.Index.Manifests;
using Archive.Node.Diagnostics;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Start-up half of <see cref="ShardCarriedManifests"/>: after an unclean stop, the manifests this node wrote
/// unsynced since its last checkpoint may be gone from the database, but their shards are not. Every live shard
/// record stamped since (reaching back <see cref="ShardCarriedManifests.ReplayReach"/> before the checkpoint) that
/// carries a whole manifest placed partly on this node, of a partition this node replicates, is put back if its
/// version is missing: the manifest and its catalog rows, idempotently. Runs before the node takes any request;
/// then writes a fresh checkpoint.
/// </summary>
public static class ManifestRecovery
{
    /// <summary>Returns how many manifests were restored.</summary>
    /// <param name="replicates">Whether this node is a catalog replica of a partition (on the current map).</param>
    public static async Task<int> RunAsync(GridDatabase database, LocalShardStore store, RocksManifestReplica replica, string nodeId, Func<string, bool> replicates, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(replicates);
        var restored = 0;
        if (database.ReadCheckpoint() is { Clean: false } last)
        {
            var since = last.At - ShardCarriedManifests.ReplayReach;
            var records = store.LiveRecordsSince(since);
            var seen = new HashSet<(Storage.Primitives.ObjectId, Codec.Fixity.Sha256Digest)>();
            foreach (var (key, record) in records)
            {
                if (ShardCarriedManifests.FromShardRecord(record) is not { } manifest
                    || manifest.Parts[0].StorageKey != key.Object
                    || !manifest.Parts[0].Shards.Any(s => s.NodeId == nodeId)
                    || !replicates(manifest.PartitionKey)
                    || !seen.Add((manifest.ObjectId, manifest.Sha256)))
                {
                    continue;
                }

                var held = await replica.GetVersionsAsync(manifest.PartitionKey, manifest.ObjectId, cancellationToken).ConfigureAwait(false);
                if (!held.Any(v => v.Sha256 == manifest.Sha256) && await replica.PutAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    restored++;
                }
            }

            logger.ManifestsRecovered(records.Count, since, restored);
        }

        // Everything is durable now and nothing is written unsynced yet (the first such write marks the database dirty).
        database.WriteCheckpoint(new ManifestCheckpoint(time.GetUtcNow(), Clean: true));
        return restored;
    }
}
