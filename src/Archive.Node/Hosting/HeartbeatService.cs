using Archive.Grid.Grpc.Peers;
using Archive.Node.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs a <see cref="HeartbeatRound"/> every heartbeat interval (on the injected clock) until the
/// host stops. A failing round is logged and the next one runs on time.
/// </summary>
public sealed class HeartbeatService(HeartbeatRound round, NodeRuntime runtime, TimeProvider time, ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(runtime.Settings.Membership.HeartbeatInterval, time);
        do
        {
            try
            {
                await round.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.HeartbeatRoundFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
