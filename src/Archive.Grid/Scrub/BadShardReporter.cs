using Archive.Grid.Manifests;
using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Scrub;

/// <summary>
/// Turns a bad shard found by a scrub (or, at start, a record gone while the node was down) into a repair item.
/// The grid identity of a shard (partition, object name, version, part) comes from the part
/// descriptor its record carries (<see cref="GridManifestCodec.DecodeAny"/>), so no catalog is
/// needed. Thread-safe.
/// </summary>
public sealed partial class BadShardReporter(IShardStore store, IRepairQueue repairs, ILogger logger)
{
    /// <summary>Queues the repair; false when the shard's grid object cannot be told (logged, not queued).</summary>
    /// <param name="reason">Who found it: the scrub (<see cref="RepairReason.BadOnScrub"/>) or the start-up check of the index against the files (<see cref="RepairReason.MissingOnCheck"/>).</param>
    public async Task<bool> ReportAsync(ShardKey key, ShardStatus status, CancellationToken cancellationToken, RepairReason reason = RepairReason.BadOnScrub)
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
        var item = new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, decoded.FirstPartIndex, [key.ShardIndex], manifest.TotalShards - 1, reason);
        await repairs.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        LogBadShard(reason == RepairReason.BadOnScrub ? "Scrub" : "Start-up check", manifest.ObjectName, decoded.FirstPartIndex, key.ShardIndex, status);
        return true;
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "{Finder} found shard {Shard} of object {ObjectName} part {Part} {Status}; queued for repair")]
    private partial void LogBadShard(string finder, string objectName, int part, int shard, ShardStatus status);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Shard {Shard} of stored object {ObjectId} found {Status} and its grid object cannot be told (no readable descriptor)")]
    private partial void LogUnidentified(string objectId, int shard, ShardStatus status);
}
