using Archive.Storage.Records;

namespace Archive.Storage.Segments;

/// <summary>How a segment scan ended.</summary>
/// <param name="ValidLength">Offset just past the last valid record: where a torn tail is cut.</param>
/// <param name="FileLength">Length of the file when scanned.</param>
/// <param name="StopStatus"><see cref="RecordStatus.Valid"/> when the scan reached the end cleanly, else why it stopped.</param>
/// <param name="Records">Valid records seen.</param>
/// <param name="HeaderValid">False when the segment header itself is missing or corrupt.</param>
public readonly record struct SegmentScanResult(long ValidLength, long FileLength, RecordStatus StopStatus, int Records, bool HeaderValid)
{
    /// <summary>True when bytes after <see cref="ValidLength"/> do not form a valid record.</summary>
    public bool HasInvalidTail => ValidLength < FileLength;
}
