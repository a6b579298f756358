using Archive.Node.Hosting;
using Archive.Storage.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Dicom;

/// <summary>
/// Runs the DICOM listener and the storage commitment loop for the node's lifetime; on shutdown the
/// listener stops accepting, in-flight associations get a bounded drain, then everything closes.
/// </summary>
public sealed partial class DicomListenerService(NodeRuntime node, StorageMetrics storageMetrics, Diagnostics.DicomMetrics dicomMetrics, Diagnostics.NodeReadiness readiness, ILoggerFactory loggers, TimeProvider time, ILogger<DicomListenerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Settings.Dicom.Enabled)
        {
            return;
        }

        var dicom = new DicomRuntime(node, storageMetrics, loggers, time, dicomMetrics);
        await using (dicom.ConfigureAwait(false))
        {
            try
            {
                dicom.Start();
            }
            catch (DicomRuntime.ListenException e)
            {
                LogCannotListen(node.Settings.Dicom.BindAddress, e.Port, e.InnerException!.Message);
                throw;
            }

            readiness.DicomListening = true;
            LogListening(dicom.Options.AeTitle, dicom.Port, dicom.TlsPort is { } tlsPort ? $", TLS on port {tlsPort}" : string.Empty, dicom.Options.RemoteAes.Count, dicom.Options.AcceptUnknownCallers);
            try
            {
                await dicom.Service.RunAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // shutting down
            }

            readiness.DicomListening = false;
            await dicom.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4042, Level = LogLevel.Critical, Message = "DICOM listener cannot listen on {BindAddress}, {Port}: {Reason}; the node stops")]
    private partial void LogCannotListen(string bindAddress, string port, string reason);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "DICOM listener {AeTitle} on port {Port}{Tls}: {RemoteAes} registered AE(s), unknown callers accepted: {AcceptUnknown}")]
    private partial void LogListening(string aeTitle, int port, string tls, int remoteAes, bool acceptUnknown);
}
