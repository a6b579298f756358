using Archive.Node.Maintenance;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs every disk's scrubber of the <see cref="ScrubCoordinator"/> on its own loop (options: the
/// <c>Scrub</c> section), so disks are read in parallel, each at its own bounded rate. A failing
/// step is logged and retried a minute later from the saved position.
/// </summary>
public sealed partial class ScrubService(ScrubCoordinator coordinator, ILogger<ScrubService> logger) : BackgroundService
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(coordinator.Disks.Select(disk => Task.Run(async () =>
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await disk.StepAsync(stoppingToken).ConfigureAwait(false);
                    coordinator.PublishSummary();
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogStepFailed(e, disk.Disk.ToString());
                    wait = AfterFailure;
                }

                if (wait > TimeSpan.Zero)
                {
                    await disk.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }
        }, stoppingToken)));

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Scrub step of disk {Disk} failed; retrying in a minute from the saved position")]
    private partial void LogStepFailed(Exception exception, string disk);
}
