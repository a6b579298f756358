using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Transport;

/// <summary>Source-generated listener logs (event ids 3000–3099).</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(3000, LogLevel.Information, "DICOM listener on {EndPoint}{Security}")]
    public static partial void Listening(ILogger logger, string endPoint, string security);

    [LoggerMessage(3001, LogLevel.Warning, "Connection from {Remote} closed: {Open} connections already open ({Refused} refused in all since the last such line; at most one a minute)")]
    public static partial void TooManyConnections(ILogger logger, string remote, int open, long refused);

    [LoggerMessage(3005, LogLevel.Warning, "Connection from {Remote} closed after {Silent} s without an association request: {Limit} silent connections were open and a new one came ({Closed} closed in all since the last such line; at most one a minute)")]
    public static partial void SilentConnectionClosed(ILogger logger, string remote, long silent, int limit, long closed);

    [LoggerMessage(3006, LogLevel.Warning, "TLS handshake with {Remote} failed, connection closed: {Reason} ({Failed} failed in all since the last such line; at most one a minute)")]
    public static partial void TlsHandshakeFailed(ILogger logger, string remote, string reason, long failed);

    [LoggerMessage(3002, LogLevel.Error, "Association from {Remote} failed unexpectedly")]
    public static partial void ConnectionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(3003, LogLevel.Information, "DICOM listener stopped")]
    public static partial void Stopped(ILogger logger);
}
