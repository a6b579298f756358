using Archive.Storage.Primitives;

namespace Archive.Storage.Store.Scanning;

/// <summary>
/// A node's disks seen as segment files to read end to end: the seam the per-disk scrubber drives.
/// Every finding concerns a record the index points at (dead or superseded records are skipped);
/// a bad finding also flags the inventory entry (Corrupt or Missing) so reads avoid it.
/// Implementations are thread-safe; calls for one disk are meant to come from one scrub loop.
/// </summary>
public interface ISegmentScanSource
{
    /// <summary>The accepted disks, in configuration order.</summary>
    IReadOnlyList<DiskId> ScanDisks { get; }

    /// <summary>Ids of the segment files present on <paramref name="disk"/>, ascending; empty when the disk or its segment directory is gone.</summary>
    IReadOnlyList<ulong> ListScanSegments(DiskId disk);

    /// <summary>
    /// Reads segment <paramref name="segmentId"/> sequentially from <paramref name="fromOffset"/>
    /// (0 = the start), verifying the header, manifest, every block checksum and the trailer of each
    /// record, until about <paramref name="maxBytes"/> were read or the file ends.
    /// </summary>
    SegmentScanChunk ScanSegment(DiskId disk, ulong segmentId, long fromOffset, long maxBytes);

    /// <summary>
    /// The indexed shards of <paramref name="disk"/> whose segment file is gone or ends before their
    /// record (a deleted or truncated segment file, a wiped disk); flagged Missing.
    /// One streaming pass over the inventory.
    /// </summary>
    IReadOnlyList<ScanFinding> FindLost(DiskId disk);
}
