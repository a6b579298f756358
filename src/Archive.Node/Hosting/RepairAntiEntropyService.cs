using Archive.Grid.Repair;
using Archive.Index.Scrub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs anti-entropy on this node every <see cref="RepairOptions.AntiEntropyPeriod"/>: the
/// manifests of the partitions it owns against every node's shard inventory; what is missing goes
/// to the repair queue. It also runs as soon as a node of the map has been silent for
/// <see cref="RepairOptions.ReplaceAfter"/> (<see cref="SilentNodeWatch"/>): that node's shards are then
/// rebuilt elsewhere at once, not at the next period. The first periodic check waits
/// <see cref="FirstCheckAfterStart"/> (at most one period): a restarted node's peers need time to be heard,
/// and a node restarted more often than the period must still check. Parts it finds crowded in one failure
/// domain get a rebalance pass asked for, which spreads them. A failing check is logged and tried again a
/// period later. Off when repair is disabled.
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
        var silent = new SilentNodeWatch(runtime.Settings.NodeId, runtime.Maps, runtime.Membership, options.ReplaceAfter);
        var nextPeriodic = time.GetUtcNow() + (options.AntiEntropyPeriod < FirstCheckAfterStart ? options.AntiEntropyPeriod : FirstCheckAfterStart);
        while (!stoppingToken.IsCancellationRequested)
        {
            var untilPeriodic = nextPeriodic - time.GetUtcNow();
            var wait = untilPeriodic <= TimeSpan.Zero ? TimeSpan.Zero : untilPeriodic < silent.PollInterval ? untilPeriodic : silent.PollInterval;
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            if (silent.NewlyPastReplaceAfter() is { Count: > 0 } gone)
            {
                LogNodesPastReplaceAfter(string.Join(", ", gone), options.ReplaceAfter);
            }
            else if (time.GetUtcNow() < nextPeriodic)
            {
                continue;
            }

            await CheckAsync(checker, manifests, stoppingToken).ConfigureAwait(false);
            nextPeriodic = time.GetUtcNow() + options.AntiEntropyPeriod;
        }
    }

    /// <summary>How long after start the first periodic check runs (or one period, when shorter).</summary>
    public static readonly TimeSpan FirstCheckAfterStart = TimeSpan.FromHours(1);

    private async Task CheckAsync(AntiEntropyChecker checker, LocalManifestScan manifests, CancellationToken stoppingToken)
    {
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

    [LoggerMessage(EventId = 4049, Level = LogLevel.Warning, Message = "Node(s) {NodeIds} silent for Repair:ReplaceAfter ({ReplaceAfter}): checking now which shards of this node's partitions they hold, to rebuild them elsewhere")]
    private partial void LogNodesPastReplaceAfter(string nodeIds, TimeSpan replaceAfter);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Anti-entropy checked {Objects} objects ({Shards} shards): {Missing} missing queued for repair, {Unchecked} on unreachable nodes left for the next check, {Crowded} parts crowded in one failure domain and {Corrected} manifests' disks corrected (a rebalance pass is asked for when either is not 0)")]
    private partial void LogChecked(int objects, long shards, long missing, long @unchecked, long crowded, long corrected);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Anti-entropy check failed; trying again next period")]
    private partial void LogCheckFailed(Exception exception);
}
