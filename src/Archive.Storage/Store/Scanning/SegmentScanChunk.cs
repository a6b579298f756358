namespace Archive.Storage.Store.Scanning;

/// <summary>What one bounded read of a segment found.</summary>
/// <param name="Findings">One per indexed record met, in file order.</param>
/// <param name="BytesRead">Bytes read from the file (what the rate limit charges).</param>
/// <param name="NextOffset">Where the next chunk resumes; null when the segment's end was reached.</param>
/// <param name="Records">Records read, indexed or not.</param>
public sealed record SegmentScanChunk(IReadOnlyList<ScanFinding> Findings, long BytesRead, long? NextOffset, int Records);
