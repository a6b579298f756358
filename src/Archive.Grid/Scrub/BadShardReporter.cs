using Archive.Grid.Manifests;
using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Scrub;

/// <summary>
/// Turns a bad shard found by a scrub into a <see cref="RepairReason.BadOnScrub"/> repair item.
/// The grid identity of a shard (partition, object name, version, part) comes from the part
/// descriptor its record carries (<see cref="GridManifestCodec.DecodeAny"/>), so no catalog is
/// needed. Thread-safe.
/// </summary>
public sealed partial class BadShardReporter(IShardStore store, IRepairQueue repairs, ILogger logger)
{
    /// <summary>Queues the repair; false when the shard's grid object cannot be told (logged, not queued).</summary>
    public async Task<bool> ReportAsync(ShardKey key, ShardStatus status, CancellationToken cancellationToken)
    {
        var stored = await store.GetManifestAsync(key.Object, cancellationToken).ConfigureAwait(false);
        DecodedManifest? decoded = null;
        try
        {
            decoded = stored is null ? null : GridManifestCodec.DecodeAny(stored.Attributes);
        }
        catch (GridManifestFormatException)
        {
            // A shard written outside the grid or a rotten descriptor: reported, not repairable from here.
        }

        if (decoded is null || decoded.Manifest.Parts.Count == 0)
        {
            LogUnidentified(key.Object.Id.ToString(), key.ShardIndex, status);
            return false;
        }

        var manifest = decoded.Manifest;
        var item = new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, decoded.FirstPartIndex, [key.ShardIndex], manifest.TotalShards - 1, RepairReason.BadOnScrub);
        await repairs.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        LogBadShard(manifest.ObjectName, decoded.FirstPartIndex, key.ShardIndex, status);
        return true;
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Scrub found shard {Shard} of object {ObjectName} part {Part} {Status}; queued for repair")]
    private partial void LogBadShard(string objectName, int part, int shard, ShardStatus status);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Scrub found shard {Shard} of stored object {ObjectId} {Status} and cannot tell its grid object (no readable descriptor)")]
    private partial void LogUnidentified(string objectId, int shard, ShardStatus status);
}
