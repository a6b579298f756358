using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Storage.GroupCommit;

/// <summary>Group-commit events (storage event ids 5050–5059; the rest of storage is in <c>StorageLog</c>).</summary>
internal static partial class AppenderLog
{
    [LoggerMessage(5050, LogLevel.Error, "Open segment {Segment} on disk {DiskId} was deleted while open; its {Records} pending records are written again to a new segment (records acknowledged before are lost from this disk and left to repair)")]
    public static partial void OpenSegmentVanished(this ILogger logger, ulong segment, DiskId diskId, int records);
}
