using Archive.Grid.Repair;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs this node's <see cref="RepairWorker"/> over its durable repair queue until the host
/// stops (options: the <c>Repair</c> section). A failing pass (the queue's database, a bug) is
/// logged and the worker starts again after <see cref="RepairOptions.IdleDelay"/>; items are never
/// dropped by a failure, they stay queued.
/// </summary>
public sealed partial class RepairService(RepairWorker worker, NodeRuntime runtime, RebalanceProgress rebalance, TimeProvider time, ILogger<RepairService> logger) : BackgroundService
{
    /// <summary>The worker over <paramref name="runtime"/>'s queue, peers and codecs; the runtime must be open.</summary>
    public static RepairWorker CreateWorker(NodeRuntime runtime, TimeProvider time, ILoggerFactory loggers, RepairMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggers);
        var repairer = new GridRepairer(runtime.Maps, runtime.Peers, runtime.Membership, runtime.Codecs, runtime.Settings.Read, runtime.Settings.Repair.ReplaceAfter, time, loggers.CreateLogger<GridRepairer>(), runtime.GridMetrics);
        var worker = new RepairWorker(runtime.Repairs, repairer, runtime.Settings.Repair, time, loggers.CreateLogger<RepairWorker>(), metrics);
        runtime.Membership.Back += (_, _) => worker.RetrySoon();
        return worker;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runtime.Settings.Repair.Enabled)
        {
            return;
        }

        // A repair that moved shards while every node is up (its home came back as it ran) may have put two of a part on
        // one node; a rebalance pass returns them to their placement (sweep V2: the pass a node's return asks for had
        // already looked at those parts). While a node is away its return asks for the pass (RebalanceService).
        worker.MovedShards += () =>
        {
            var map = runtime.Maps.Current;
            if (map.Nodes.All(n => n.State == Grid.Map.NodeState.Retired || runtime.Membership.HealthOf(n.Id) == Grid.Membership.NodeHealth.Up))
            {
                rebalance.RequestPass();
            }
        };

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(e);
                await Task.Delay(runtime.Settings.Repair.IdleDelay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Repair pass failed; the queue is kept and the worker restarts")]
    private partial void LogPassFailed(Exception exception);
}
