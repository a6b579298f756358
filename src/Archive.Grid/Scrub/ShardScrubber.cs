using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Scrub;

/// <summary>
/// Verifies every shard one node's store holds, in key order, at a bounded byte rate
/// (<see cref="IShardStore.VerifyAsync"/> reads each record whole and checks every block and
/// record checksum), and queues a <see cref="RepairReason.BadOnScrub"/> item for each shard found
/// corrupt or missing. The grid identity of a shard (partition, object name, version, part) comes
/// from the part descriptor its record carries (<see cref="GridManifestCodec.DecodeAny"/>), so the
/// scrubber needs no catalog. A pass resumes after a <see cref="ShardKey"/> cursor; the caller keeps
/// that cursor durably. Thread-safe for one pass at a time.
/// </summary>
/// <param name="metrics">Instruments to record into; null records nothing.</param>
public sealed class ShardScrubber(IShardStore store, IRepairQueue repairs, RepairThrottle throttle, ILogger<ShardScrubber> logger, RepairMetrics? metrics = null)
{
    private readonly BadShardReporter _reporter = new(store, repairs, logger);

    /// <summary>
    /// Verifies the shards after <paramref name="resumeAfter"/> (all when null) until the end of
    /// the store or until <paramref name="maxShards"/> were verified; <see cref="ScrubPass.Cursor"/>
    /// is where the next pass resumes (null when this one reached the end).
    /// </summary>
    public async Task<ScrubPass> ScrubAsync(ShardKey? resumeAfter, int maxShards = int.MaxValue, CancellationToken cancellationToken = default)
    {
        int verified = 0, bad = 0, unidentified = 0;
        long bytes = 0;
        ShardKey? last = null;
        await foreach (var shard in store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (resumeAfter is { } after && Compare(shard.Key, after) <= 0)
            {
                continue;
            }

            if (verified == maxShards)
            {
                return new ScrubPass(verified, bad, unidentified, bytes, last);
            }

            var outcome = await store.VerifyAsync(shard.Key, cancellationToken).ConfigureAwait(false);
            verified++;
            bytes += shard.Length;
            last = shard.Key;
            metrics?.ScrubbedShards.Add(1);
            metrics?.ScrubbedBytes.Add(shard.Length);
            if (outcome.Status != ShardStatus.Ok)
            {
                bad++;
                metrics?.ScrubFoundBadShard();
                if (!await _reporter.ReportAsync(shard.Key, outcome.Status, cancellationToken).ConfigureAwait(false))
                {
                    unidentified++;
                }
            }

            await throttle.ChargeAsync(shard.Length, cancellationToken).ConfigureAwait(false);
        }

        return new ScrubPass(verified, bad, unidentified, bytes, null);
    }

    /// <summary>Key order of <see cref="IShardStore.ListAsync"/>: object id, version, shard index.</summary>
    public static int Compare(ShardKey a, ShardKey b)
    {
        var c = a.Object.Id.CompareTo(b.Object.Id);
        c = c != 0 ? c : a.Object.Version.CompareTo(b.Object.Version);
        return c != 0 ? c : a.ShardIndex.CompareTo(b.ShardIndex);
    }
}

/// <summary>What one scrub pass did.</summary>
/// <param name="Verified">Shards verified.</param>
/// <param name="Bad">Shards found corrupt or missing.</param>
/// <param name="Unidentified">Bad shards whose grid object could not be told (not queued).</param>
/// <param name="Bytes">Shard bytes verified.</param>
/// <param name="Cursor">Where the next pass resumes; null when this pass reached the end.</param>
public sealed record ScrubPass(int Verified, int Bad, int Unidentified, long Bytes, ShardKey? Cursor);
