using Archive.Node.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Makes the manifests written unsynced (<see cref="Grid.Manifests.ShardCarriedManifests"/>) durable in the
/// database every <see cref="Interval"/> with one synced checkpoint write, so that the shard replay after a crash
/// (<see cref="ManifestRecovery"/>) only ever reaches back a little, and marks the database clean once they stop
/// (<see cref="Index.Manifests.RocksManifestReplica.Checkpoint"/>). The clean-stop checkpoint is written by
/// <see cref="NodeRuntime.DisposeAsync"/>, after the last write.
/// </summary>
public sealed class ManifestCheckpointService(NodeRuntime runtime, TimeProvider time, ILogger<ManifestCheckpointService> logger) : BackgroundService
{
    /// <summary>Time between checkpoints while manifests are being written unsynced.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                runtime.Replica.Checkpoint(time.GetUtcNow());
            }
            catch (RocksDbSharp.RocksDbException e)
            {
                logger.ManifestCheckpointFailed(e);
            }
        }
    }
}
