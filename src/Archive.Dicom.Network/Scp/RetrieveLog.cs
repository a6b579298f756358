using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Scp;

/// <summary>Source-generated logs of retrieve sub-operations (event ids 3300–3399).</summary>
internal static partial class RetrieveLog
{
    [LoggerMessage(3300, LogLevel.Warning, "Move destination {AeTitle} unreachable: {Reason}")]
    public static partial void DestinationUnreachable(ILogger logger, string aeTitle, string reason);

    [LoggerMessage(3301, LogLevel.Warning, "Sub-operation for {SopInstanceUid} failed: {Reason}")]
    public static partial void SubOperationFailed(ILogger logger, string sopInstanceUid, string reason);
}
