using Archive.Grid.Repair;
using Archive.Index.Scrub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs anti-entropy on this node every <see cref="RepairOptions.AntiEntropyPeriod"/>: the
/// manifests of the partitions it owns against every node's shard inventory; what is missing goes
/// to the repair queue. The first check waits one period after start (a fresh grid needs none, a
/// restarted node's peers need time to be heard). Parts it finds crowded in one failure domain get a
/// rebalance pass asked for, which spreads them. A failing check is logged and tried again a period
/// later. Off when repair is disabled.
/// </summary>
public sealed partial class RepairAntiEntropyService(NodeRuntime runtime, RebalanceProgress rebalance, TimeProvider time, ILoggerFactory loggers, ILogger<RepairAntiEntropyService> logger) : BackgroundService
{
    /// <summary>The checker over <paramref name="runtime"/>'s map, peers, membership and queue; the runtime must be open.</summary>
    public static AntiEntropyChecker CreateChecker(NodeRuntime runtime, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggers);
        return new AntiEntropyChecker(runtime.Settings.NodeId, runtime.Maps, runtime.Peers, runtime.Membership, runtime.Repairs, runtime.Settings.Repair.ReplaceAfter, loggers.CreateLogger<AntiEntropyChecker>());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = runtime.Settings.Repair;
        if (!options.Enabled)
        {
            return;
        }

        var checker = CreateChecker(runtime, loggers);
        var manifests = new LocalManifestScan(runtime.GridDatabase);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.AntiEntropyPeriod, time, stoppingToken).ConfigureAwait(false);
            try
            {
                var pass = await checker.CheckAsync(manifests.ListAllAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
                LogChecked(pass.Objects, pass.Shards, pass.Missing, pass.Unchecked, pass.Crowded, pass.DisksCorrected);
                if (pass.Crowded + pass.DisksCorrected > 0)
                {
                    rebalance.RequestPass();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(e);
            }
        }
    }

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Anti-entropy checked {Objects} objects ({Shards} shards): {Missing} missing queued for repair, {Unchecked} on unreachable nodes left for the next check, {Crowded} parts crowded in one failure domain and {Corrected} manifests' disks corrected (a rebalance pass is asked for when either is not 0)")]
    private partial void LogChecked(int objects, long shards, long missing, long @unchecked, long crowded, long corrected);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Anti-entropy check failed; trying again next period")]
    private partial void LogCheckFailed(Exception exception);
}
