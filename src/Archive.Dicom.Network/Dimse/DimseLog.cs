using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Dimse;

/// <summary>Source-generated DIMSE log messages (event ids 3200–3299). UIDs only, never patient data.</summary>
internal static partial class DimseLog
{
    [LoggerMessage(3200, LogLevel.Debug, "Association {Id}: {Command} message {MessageId} on context {ContextId}")]
    public static partial void Received(ILogger logger, long id, DimseCommandField command, ushort messageId, byte contextId);

    [LoggerMessage(3201, LogLevel.Error, "Association {Id}: handler for {Command} failed")]
    public static partial void HandlerFailed(ILogger logger, long id, DimseCommandField command, Exception exception);

    [LoggerMessage(3202, LogLevel.Warning, "Association {Id}: C-STORE sink failed for {SopInstanceUid}; the rest of the dataset is discarded")]
    public static partial void SinkFailed(ILogger logger, long id, string? sopInstanceUid, Exception exception);

    [LoggerMessage(3203, LogLevel.Debug, "Association {Id}: C-CANCEL for message {MessageId}")]
    public static partial void Cancelled(ILogger logger, long id, ushort messageId);

    [LoggerMessage(3204, LogLevel.Warning, "Association {Id}: response to unknown message {MessageId} ignored")]
    public static partial void UnknownResponse(ILogger logger, long id, ushort messageId);

    [LoggerMessage(3205, LogLevel.Warning, "Association {Id}: no response to message {MessageId} within {Timeout}; the association is aborted")]
    public static partial void ResponseTimedOut(ILogger logger, long id, ushort messageId, TimeSpan timeout);
}
