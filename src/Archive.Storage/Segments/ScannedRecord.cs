using Archive.Storage.Records;

namespace Archive.Storage.Segments;

/// <summary>A verified record found by <see cref="SegmentScanner"/>.</summary>
/// <param name="Offset">Offset of the record in its segment.</param>
/// <param name="Header">The record header.</param>
/// <param name="Manifest">Encoded manifest (empty for tombstones); owned by the receiver.</param>
public sealed record ScannedRecord(long Offset, ShardRecordHeader Header, byte[] Manifest);
