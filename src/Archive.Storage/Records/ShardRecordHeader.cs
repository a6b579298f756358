using System.Buffers.Binary;
using Archive.Codec.Framing;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Records;

/// <summary>
/// Fixed 64-byte header of a segment record (format v1.1, little-endian except the object id):
/// <code>
///  0  4 magic "ASHR"   4 1 major (1)   5 1 minor (1)   6 1 kind (<see cref="RecordKind"/>)   7 1 block checksum algorithm
///  8 16 object id (big-endian)         24 4 object version   28 2 shard index   30 1 k   31 1 m
/// 32  4 block size     36 4 block count   40 8 shard length (payload bytes)
/// 48  8 v1.1: sequence (node-wide, increasing; which of two records of a key is newer)
///       v1.0: record length (header to trailer inclusive; v1.1 derives it from the other fields)
/// 56  4 manifest length   60  4 low 32 bits of XXH3-64 over bytes [0, 60)
/// </code>
/// The header checksum lets a scanner trust the record length before reading the body. A v1.0
/// record reads with <see cref="Sequence"/> 0: older than any v1.1 record, unordered among its kind.
/// </summary>
public readonly record struct ShardRecordHeader(
    RecordKind Kind,
    ChecksumAlgorithm BlockChecksum,
    ShardKey Key,
    byte K,
    byte M,
    int BlockSize,
    int BlockCount,
    long ShardLength,
    long RecordLength,
    int ManifestLength,
    ulong Sequence = 0,
    byte MinorVersion = ShardRecordFormat.Minor)
{
    /// <summary>Writes the 64 header bytes.</summary>
    public void Write(Span<byte> destination)
    {
        var d = destination[..ShardRecordFormat.HeaderLength];
        "ASHR"u8.CopyTo(d);
        d[4] = ShardRecordFormat.Major;
        d[5] = MinorVersion;
        d[6] = (byte)Kind;
        d[7] = (byte)BlockChecksum;
        Key.Object.Id.Write(d[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[24..], Key.Object.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(d[28..], Key.ShardIndex);
        d[30] = K;
        d[31] = M;
        BinaryPrimitives.WriteInt32LittleEndian(d[32..], BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[36..], BlockCount);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], ShardLength);
        if (MinorVersion == 0)
        {
            BinaryPrimitives.WriteInt64LittleEndian(d[48..], RecordLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(d[48..], Sequence);
        }

        BinaryPrimitives.WriteInt32LittleEndian(d[56..], ManifestLength);
        BinaryPrimitives.WriteUInt32LittleEndian(d[60..], (uint)Checksum64.Compute(d[..60]));
    }

    /// <summary>
    /// Parses and checks a header: magic, version, checksum and that every length is within the
    /// format limits and consistent with the others. Consumes nothing on failure.
    /// </summary>
    public static RecordStatus TryRead(ReadOnlySpan<byte> source, out ShardRecordHeader header)
    {
        header = default;
        if (source.Length < ShardRecordFormat.HeaderLength)
        {
            return RecordStatus.Truncated;
        }

        if (!source[..4].SequenceEqual("ASHR"u8))
        {
            return RecordStatus.BadMagic;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[60..]) != (uint)Checksum64.Compute(source[..60]))
        {
            return RecordStatus.CorruptHeader;
        }

        if (source[4] != ShardRecordFormat.Major)
        {
            return RecordStatus.UnsupportedVersion;
        }

        byte minor = source[5];
        header = new ShardRecordHeader(
            (RecordKind)source[6],
            (ChecksumAlgorithm)source[7],
            new ShardKey(ObjectId.Read(source[8..]), BinaryPrimitives.ReadUInt32LittleEndian(source[24..]), BinaryPrimitives.ReadUInt16LittleEndian(source[28..])),
            source[30],
            source[31],
            BinaryPrimitives.ReadInt32LittleEndian(source[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[36..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
            minor == 0 ? BinaryPrimitives.ReadInt64LittleEndian(source[48..]) : 0,
            BinaryPrimitives.ReadInt32LittleEndian(source[56..]),
            minor == 0 ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(source[48..]),
            minor);
        if (minor != 0)
        {
            header = header with { RecordLength = header.DerivedRecordLength() };
        }

        return header.IsConsistent() ? RecordStatus.Valid : RecordStatus.CorruptHeader;
    }

    /// <summary>The record length the other fields imply; -1 when they are not valid enough to say.</summary>
    private long DerivedRecordLength()
    {
        if (Kind == RecordKind.Tombstone)
        {
            return ShardRecordFormat.TombstoneLength;
        }

        bool computable = Kind == RecordKind.Shard && BlockFrame.IsKnown(BlockChecksum) && BlockSize > 0 && BlockSize <= BlockFrame.MaxPayloadLength
            && ShardLength >= 0 && ShardLength <= ShardRecordFormat.MaxShardLength && ManifestLength >= 0 && ManifestLength <= ManifestCodec.MaxLength;
        return computable ? ShardRecordFormat.RecordLength(ManifestLength, ShardLength, BlockSize, BlockChecksum) : -1;
    }

    /// <summary>True when the lengths agree with each other and with the format limits.</summary>
    private bool IsConsistent()
    {
        if (Kind == RecordKind.Tombstone)
        {
            return ManifestLength == 0 && BlockCount == 0 && ShardLength == 0 && RecordLength == ShardRecordFormat.TombstoneLength;
        }

        if (Kind != RecordKind.Shard || !BlockFrame.IsKnown(BlockChecksum) || BlockSize <= 0 || BlockSize > BlockFrame.MaxPayloadLength
            || ShardLength < 0 || ShardLength > ShardRecordFormat.MaxShardLength
            || ManifestLength < ManifestCodec.FixedLength || ManifestLength > ManifestCodec.MaxLength)
        {
            return false;
        }

        return BlockCount == ShardRecordFormat.BlockCount(ShardLength, BlockSize)
            && RecordLength == ShardRecordFormat.RecordLength(ManifestLength, ShardLength, BlockSize, BlockChecksum);
    }
}
