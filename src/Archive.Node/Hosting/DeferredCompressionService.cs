using Archive.Grid.Writing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Runs this node's <see cref="DeferredCompressionWorker"/> when <c>Write:CompressWhen</c> is
/// <c>Deferred</c>: objects acknowledged uncompressed are compressed in the background and their
/// uncompressed shards deleted after <c>Write:ReplacedShardGrace</c>. A failing pass is logged and the
/// worker starts again; queued steps are never dropped by a failure.
/// </summary>
public sealed partial class DeferredCompressionService(NodeRuntime runtime, TimeProvider time, ILoggerFactory loggers, ILogger<DeferredCompressionService> logger) : BackgroundService
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = runtime.Settings;
        if (settings.Write.CompressWhen != CompressionTiming.Deferred || !settings.Write.Compress)
        {
            return;
        }

        var worker = new DeferredCompressionWorker(runtime.DeferredCompression, runtime.Writer, runtime.Reader, settings.Write, settings.Grpc.SpoolDirectory, time, loggers.CreateLogger<DeferredCompressionWorker>());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(e);
                await Task.Delay(RestartDelay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Deferred compression pass failed; the queue is kept and the worker restarts")]
    private partial void LogPassFailed(Exception exception);
}
