using Archive.Index;
using Archive.Node.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Makes the manifests written unsynced (<see cref="Grid.Manifests.ShardCarriedManifests"/>) durable in the
/// database every <see cref="Interval"/> with one synced checkpoint write, so that the shard replay after a crash
/// (<see cref="ManifestRecovery"/>) only ever reaches back a little. Idle while nothing was written unsynced.
/// The clean-stop checkpoint is written by <see cref="NodeRuntime.DisposeAsync"/>, after the last write.
/// </summary>
public sealed class ManifestCheckpointService(NodeRuntime runtime, TimeProvider time, ILogger<ManifestCheckpointService> logger) : BackgroundService
{
    /// <summary>Time between checkpoints while manifests are being written unsynced.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var covered = runtime.Replica.UnsyncedWrites;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // Counted before the moment is taken: every write counted was made before the checkpoint.
            var written = runtime.Replica.UnsyncedWrites;
            if (written == covered)
            {
                continue;
            }

            try
            {
                runtime.GridDatabase.WriteCheckpoint(new ManifestCheckpoint(time.GetUtcNow(), Clean: false));
                covered = written;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.ManifestCheckpointFailed(e);
            }
        }
    }
}
