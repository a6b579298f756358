using Archive.Codec.Framing;

namespace Archive.Storage.Records;

/// <summary>
/// Shard record format v1.1 (STYLE.md §7; golden tests in ShardRecordGoldenTests; v1.0 is still read):
/// <code>
/// [header 64 B: <see cref="ShardRecordHeader"/>]
/// [manifest M B: <see cref="ManifestCodec"/>]
/// [block 0 .. block n-1: codec block frames (<see cref="BlockFrame"/>), block index = i, payload = blockSize except the last]
/// [trailer 16 B: magic "ASRT", 4 reserved (0), XXH3-64 of every record byte before the checksum]
/// </code>
/// A tombstone is a header (kind 2, no manifest, no blocks) and a trailer. Pure and thread-safe.
/// </summary>
public static class ShardRecordFormat
{
    /// <summary>Major version written and the only one read.</summary>
    public const byte Major = 1;

    /// <summary>
    /// Minor version written (readers accept any). 1 added the record sequence (header bytes 48–55,
    /// which held the record length in 1.0).
    /// </summary>
    public const byte Minor = 1;

    /// <summary>Header length.</summary>
    public const int HeaderLength = 64;

    /// <summary>Trailer length.</summary>
    public const int TrailerLength = 16;

    /// <summary>Length of a tombstone record.</summary>
    public const int TombstoneLength = HeaderLength + TrailerLength;

    /// <summary>Largest shard payload a record may hold (1 GiB; records are written from one buffer).</summary>
    public const long MaxShardLength = 1L << 30;

    /// <summary>Blocks needed for <paramref name="shardLength"/> bytes.</summary>
    public static int BlockCount(long shardLength, int blockSize) => (int)((shardLength + blockSize - 1) / blockSize);

    /// <summary>Framed length of block <paramref name="blockIndex"/>.</summary>
    public static int FrameLength(long shardLength, int blockSize, int blockIndex, ChecksumAlgorithm algorithm)
    {
        long remaining = shardLength - ((long)blockIndex * blockSize);
        return BlockFrame.FramedLength((int)Math.Min(blockSize, remaining), algorithm);
    }

    /// <summary>Offset of block <paramref name="blockIndex"/> from the start of the data area (every block but the last is full).</summary>
    public static long BlockOffset(int blockSize, int blockIndex, ChecksumAlgorithm algorithm) =>
        (long)blockIndex * BlockFrame.FramedLength(blockSize, algorithm);

    /// <summary>Total framed bytes of a shard.</summary>
    public static long DataLength(long shardLength, int blockSize, ChecksumAlgorithm algorithm)
    {
        int count = BlockCount(shardLength, blockSize);
        return count == 0 ? 0 : BlockOffset(blockSize, count - 1, algorithm) + FrameLength(shardLength, blockSize, count - 1, algorithm);
    }

    /// <summary>Total record length.</summary>
    public static long RecordLength(int manifestLength, long shardLength, int blockSize, ChecksumAlgorithm algorithm) =>
        HeaderLength + manifestLength + DataLength(shardLength, blockSize, algorithm) + TrailerLength;
}
