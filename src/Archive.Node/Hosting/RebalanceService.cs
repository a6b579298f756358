using Archive.Grid.Rebalancing;
using Archive.Grid.Repair;
using Archive.Index.Scrub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs <see cref="ShardRebalancer"/> passes on this node whenever the map in force is newer than
/// the last epoch it settled (a map change, or a restart mid-way), after
/// <see cref="RebalanceOptions.SettleDelay"/>; a pass that left moves undone is followed by another
/// after <see cref="RebalanceOptions.RetryDelay"/> or at the next map change, whichever is first (after
/// <see cref="RebalanceOptions.LeftoverRetryDelay"/>, a few times in a row, when only old copies the replicas could not
/// decide yet were left: <see cref="RebalanceOptions.NextPassDelay"/>). A failing pass is logged and tried again after the
/// retry delay. Off when <c>Rebalance:Enabled</c> is false.
/// Once a pass settles, the partitions this node owns get an anti-entropy check at once (when repair is on) rather
/// than at the next daily one: shards moved about, and any the new placement misses are queued for repair now. A pass
/// also runs on a settled map when asked (<see cref="RebalanceProgress.RequestPass"/>: anti-entropy found parts crowded
/// in one failure domain, or corrected a manifest's disks; or a peer whose database was found behind its disks asked
/// for a catalog refill, <see cref="Grid.Grpc.Peers.RefillRequests"/>); the check after it asks again only while passes
/// still move shards or it corrects manifests.
/// </summary>
public sealed partial class RebalanceService(NodeRuntime runtime, RebalanceProgress progress, RepairMetrics metrics, TimeProvider time, ILoggerFactory loggers, ILogger<RebalanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = runtime.Settings.Rebalance;
        if (!options.Enabled)
        {
            return;
        }

        runtime.Refills.Requested += nodeId =>
        {
            LogRefillRequested(nodeId);
            progress.RequestPass();
        };

        // A node back after Repair:ReplaceAfter had its shards rebuilt elsewhere, some on nodes that then hold two of a
        // part (fewer nodes were up than shards): a pass puts them back on their placement, which includes that node
        // again. Sweep R2: without it they stayed so, "settled" and healthy, and losing two nodes lost those parts.
        runtime.Membership.Back += (nodeId, silence) =>
        {
            if (runtime.Settings.Repair.Enabled && silence >= runtime.Settings.Repair.ReplaceAfter)
            {
                LogReplacedNodeBack(nodeId, silence);
                progress.RequestPass();
            }
        };

        var rebalancer = new ShardRebalancer(runtime.Settings.NodeId, runtime.Maps, runtime.Peers, runtime.Membership, options, runtime.Settings.Read.ShardReadTimeout, time, loggers.CreateLogger<ShardRebalancer>(), metrics);
        var manifests = new LocalManifestScan(runtime.GridDatabase);
        var changed = NextChange();
        var leftoverRetries = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (runtime.Maps.Current.Epoch <= progress.SettledEpoch && !progress.TakeRequest())
            {
                await Task.WhenAny(changed, progress.Requested).WaitAsync(stoppingToken).ConfigureAwait(false);
                RenewIfChanged();
                continue;
            }

            RenewIfChanged();

            await Task.Delay(options.SettleDelay, time, stoppingToken).ConfigureAwait(false);
            progress.Started();
            var retryDelay = options.RetryDelay;
            try
            {
                var pass = await rebalancer.RunAsync(manifests.ListAllAsync(stoppingToken), refill: true, stoppingToken).ConfigureAwait(false);
                progress.Finished(pass, time.GetUtcNow());
                leftoverRetries = pass.OnlyLeftovers ? leftoverRetries + 1 : 0;
                if (pass.Settled)
                {
                    var check = await CheckAfterMovesAsync(manifests, stoppingToken).ConfigureAwait(false);
                    if (check.DisksCorrected > 0 || (check.Crowded > 0 && pass.Moved > 0))
                    {
                        progress.RequestPass(); // placements corrected, or spreading made progress: go on with what is still crowded
                    }

                    continue;
                }

                retryDelay = options.NextPassDelay(pass, leftoverRetries);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                progress.Failed();
                LogPassFailed(e);
            }

            await Task.WhenAny(changed, Task.Delay(retryDelay, time, stoppingToken)).ConfigureAwait(false);
        }

        void RenewIfChanged()
        {
            if (changed.IsCompleted)
            {
                changed = NextChange();
            }
        }
    }

    /// <summary>Anti-entropy over the partitions this node owns: the parts still crowded and the manifests whose disks it corrected (none when repair is off or the check failed).</summary>
    private async Task<(long Crowded, long DisksCorrected)> CheckAfterMovesAsync(LocalManifestScan manifests, CancellationToken stoppingToken)
    {
        if (!runtime.Settings.Repair.Enabled)
        {
            return (0, 0);
        }

        try
        {
            var pass = await RepairAntiEntropyService.CreateChecker(runtime, loggers).CheckAsync(manifests.ListAllAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
            LogCheckedAfterMoves(runtime.Maps.Current.Epoch, pass.Objects, pass.Missing, pass.Crowded, pass.DisksCorrected);
            return (pass.Crowded, pass.DisksCorrected);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogCheckAfterMovesFailed(e); // the daily check covers it
            return (0, 0);
        }
    }

    /// <summary>Completes at the next map applied on this node.</summary>
    private Task NextChange()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(Grid.Map.GridMap _)
        {
            runtime.Maps.Changed -= OnChanged;
            next.TrySetResult();
        }

        runtime.Maps.Changed += OnChanged;
        return next.Task;
    }

    [LoggerMessage(EventId = 4050, Level = LogLevel.Information, Message = "Node {NodeId} is back after {Silence} silent, past Repair:ReplaceAfter: a rebalance pass puts the shards rebuilt elsewhere meanwhile back on their placement")]
    private partial void LogReplacedNodeBack(string nodeId, TimeSpan silence);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "Node {NodeId} found its database behind its disks at start and asks for a catalog refill: a rebalance pass puts back on it the manifests it replicates and lacks")]
    private partial void LogRefillRequested(string nodeId);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Rebalance settled on map epoch {Epoch}: anti-entropy checked {Objects} objects, {Missing} missing shards queued for repair, {Crowded} parts still crowded in one failure domain, {Corrected} manifests' disks corrected")]
    private partial void LogCheckedAfterMoves(long epoch, int objects, long missing, long crowded, long corrected);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "Anti-entropy after a settled rebalance failed; the periodic check covers it")]
    private partial void LogCheckAfterMovesFailed(Exception exception);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Rebalance pass failed; tried again after the retry delay or the next map change")]
    private partial void LogPassFailed(Exception exception);
}
