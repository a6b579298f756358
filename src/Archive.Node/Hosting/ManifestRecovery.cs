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
/// version is missing: the manifest and its catalog rows, idempotently. The same replay restores a database that
/// is older than the disks (the fast directory restored from a backup: the shard index had to re-index records it
/// did not know) from its checkpoint on, and a new empty one over disks that hold shards (the fast directory lost)
/// from every record; larger objects are assembled from their parts' descriptors. Runs before the node takes any
/// request; then writes a fresh checkpoint.
/// </summary>
public static class ManifestRecovery
{
    /// <summary>How many manifests were restored, and whether the database was behind the disks (not an unclean stop).</summary>
    public readonly record struct Result(int Restored, bool DatabaseBehindDisks);

    /// <param name="replicates">Whether this node is a catalog replica of a partition (on the current map).</param>
    public static async Task<Result> RunAsync(GridDatabase database, LocalShardStore store, RocksManifestReplica replica, string nodeId, Func<string, bool> replicates, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(replicates);
        var restored = 0;
        var last = database.ReadCheckpoint();
        var reindexed = store.Recovery.Values.Sum(r => r.Reindexed);
        DateTimeOffset? since = last switch
        {
            { Clean: false } => last.Value.At - ShardCarriedManifests.ReplayReach,
            not null when reindexed > 0 => last.Value.At - ShardCarriedManifests.ReplayReach, // the database is older than the disks
            null when reindexed > 0 || await HoldsShardsAsync(store, cancellationToken).ConfigureAwait(false) => DateTimeOffset.MinValue, // a new database over shards
            _ => null,
        };
        var behind = since is not null && last is not { Clean: false };
        if (since is { } from)
        {
            if (behind)
            {
                logger.DatabaseBehindDisks(reindexed, last is { } at ? at.At.ToString("o", System.Globalization.CultureInfo.InvariantCulture) : "none");
            }

            var records = 0;
            foreach (var manifest in ShardCarriedManifests.Assemble(store.LiveRecordsSince(from).Select(r => { records++; return r; })))
            {
                if (!manifest.Parts.Any(p => p.Shards.Any(s => s.NodeId == nodeId)) || !replicates(manifest.PartitionKey))
                {
                    continue;
                }

                var held = await replica.GetVersionsAsync(manifest.PartitionKey, manifest.ObjectId, cancellationToken).ConfigureAwait(false);
                if (!held.Any(v => v.Sha256 == manifest.Sha256) && await replica.PutAsync(manifest, cancellationToken).ConfigureAwait(false))
                {
                    restored++;
                }
            }

            logger.ManifestsRecovered(records, from, restored);
        }

        // Everything is durable now and nothing is written unsynced yet (the first such write marks the database dirty).
        database.WriteCheckpoint(new ManifestCheckpoint(time.GetUtcNow(), Clean: true));
        return new Result(restored, behind);
    }

    private static async Task<bool> HoldsShardsAsync(LocalShardStore store, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }
}
