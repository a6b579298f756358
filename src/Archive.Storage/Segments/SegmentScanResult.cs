using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Segments;

/// <summary>How a segment scan ended.</summary>
/// <param name="ValidLength">Offset just past the last valid record: where a torn tail is cut (damaged records before it are skipped, not cut).</param>
/// <param name="FileLength">Length of the file when scanned.</param>
/// <param name="StopStatus"><see cref="RecordStatus.Valid"/> when the scan reached the end cleanly, else why it stopped.</param>
/// <param name="Records">Valid records seen.</param>
/// <param name="HeaderValid">False when the segment header itself is missing or corrupt.</param>
public readonly record struct SegmentScanResult(long ValidLength, long FileLength, RecordStatus StopStatus, int Records, bool HeaderValid)
{
    /// <summary>True when bytes after <see cref="ValidLength"/> do not form a valid record.</summary>
    public bool HasInvalidTail => ValidLength < FileLength;

    /// <summary>Invalid stretches with valid records after them (bit rot, a damaged sector), in file order.</summary>
    public IReadOnlyList<DamagedRecord> Damaged { get; init; } = [];
}

/// <summary>
/// An invalid stretch between valid records of a segment, skipped by the scan.
/// </summary>
/// <param name="Offset">Where the invalid record starts.</param>
/// <param name="Length">Bytes up to the next valid record.</param>
/// <param name="Status">Why the record there is invalid.</param>
/// <param name="Header">Its header, when that still reads (null when the header itself is damaged).</param>
public readonly record struct DamagedRecord(long Offset, long Length, RecordStatus Status, ShardRecordHeader? Header)
{
    /// <summary>The shard it held, when its header still reads.</summary>
    public ShardKey? Shard => Header?.Key;
}
