using Archive.Codec.Framing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Indexing;

/// <summary>Where a shard record lives and how its blocks are laid out. Immutable.</summary>
/// <param name="Disk">Disk holding the record.</param>
/// <param name="SegmentId">Segment file on that disk.</param>
/// <param name="Offset">Record offset in the segment.</param>
/// <param name="RecordLength">Whole record length.</param>
/// <param name="ManifestLength">Manifest length (the data area starts after header and manifest).</param>
/// <param name="ShardLength">Shard payload bytes.</param>
/// <param name="BlockSize">Payload bytes per block.</param>
/// <param name="BlockChecksum">Checksum algorithm of the frames.</param>
/// <param name="State">Health of the entry.</param>
public readonly record struct ShardLocation(
    DiskId Disk,
    ulong SegmentId,
    long Offset,
    long RecordLength,
    int ManifestLength,
    long ShardLength,
    int BlockSize,
    ChecksumAlgorithm BlockChecksum,
    ShardState State)
{
    /// <summary>Offset of the first block frame in the segment.</summary>
    public long DataOffset => Offset + ShardRecordFormat.HeaderLength + ManifestLength;

    /// <summary>Offset just past the record.</summary>
    public long End => Offset + RecordLength;

    /// <summary>The location of a record found in a segment.</summary>
    public static ShardLocation FromHeader(DiskId disk, ulong segmentId, long offset, in ShardRecordHeader header) =>
        new(disk, segmentId, offset, header.RecordLength, header.ManifestLength, header.ShardLength, header.BlockSize, header.BlockChecksum, ShardState.Live);
}
