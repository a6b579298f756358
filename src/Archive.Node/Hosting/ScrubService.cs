using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Scrubs this node's shards on schedule (options: the <c>Scrub</c> section): full passes every
/// period at a bounded byte rate, progress in <see cref="ScrubProgressFile"/> under the fast
/// directory so a restart resumes, bad shards queued for repair. A failing step is logged and
/// retried a minute later.
/// </summary>
public sealed partial class ScrubService(NodeRuntime runtime, TimeProvider time, ILoggerFactory loggers, RepairMetrics metrics, ILogger<ScrubService> logger) : BackgroundService
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(1);

    /// <summary>The runner over <paramref name="runtime"/>'s store and repair queue; the runtime must be open.</summary>
    public static ScrubRunner CreateRunner(NodeRuntime runtime, TimeProvider time, ILoggerFactory loggers, RepairMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggers);
        var options = runtime.Settings.Scrub;
        var scrubber = new ShardScrubber(runtime.Store, runtime.Repairs, new RepairThrottle(options.BytesPerSecond, time), loggers.CreateLogger<ShardScrubber>(), metrics);
        return new ScrubRunner(scrubber, new ScrubProgressFile(Path.Combine(runtime.Settings.FastDirectory, "scrub-progress")), options, time);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runner = CreateRunner(runtime, time, loggers, metrics);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await runner.StepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogStepFailed(e);
                wait = AfterFailure;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Scrub step failed; retrying in a minute from the saved progress")]
    private partial void LogStepFailed(Exception exception);
}
