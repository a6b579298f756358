using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Transport;

/// <summary>Source-generated listener logs (event ids 3000–3099).</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(3000, LogLevel.Information, "DICOM listener on {EndPoint}")]
    public static partial void Listening(ILogger logger, string endPoint);

    [LoggerMessage(3001, LogLevel.Warning, "Connection from {Remote} closed: {Open} connections already open")]
    public static partial void TooManyConnections(ILogger logger, string remote, int open);

    [LoggerMessage(3002, LogLevel.Error, "Association from {Remote} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(3003, LogLevel.Information, "DICOM listener stopped")]
    public static partial void Stopped(ILogger logger);
}
