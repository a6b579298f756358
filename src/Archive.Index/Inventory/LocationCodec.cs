using System.Buffers.Binary;
using Archive.Codec.Framing;
using Archive.Storage;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;

namespace Archive.Index.Inventory;

/// <summary>
/// Value encoding of a shard entry, v1, 59 bytes little-endian (frozen by golden tests):
/// <code>
///  0 1 value version (1)   1 16 disk id   17 8 segment id   25 8 offset   33 8 record length
/// 41 4 manifest length    45 8 shard length   53 4 block size   57 1 checksum algorithm   58 1 state
/// </code>
/// </summary>
internal static class LocationCodec
{
    public const int Length = 59;
    public const byte Version = 1;

    public static byte[] Encode(in ShardLocation l)
    {
        var b = new byte[Length];
        b[0] = Version;
        l.Disk.Value.TryWriteBytes(b.AsSpan(1));
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(17), l.SegmentId);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(25), l.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(33), l.RecordLength);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(41), l.ManifestLength);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(45), l.ShardLength);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(53), l.BlockSize);
        b[57] = (byte)l.BlockChecksum;
        b[58] = (byte)l.State;
        return b;
    }

    public static ShardLocation Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length != Length || b[0] != Version)
        {
            ThrowHelper.Corrupt("Index shard entry has an unknown encoding; rebuild the index from the disks.");
        }

        return new ShardLocation(
            new DiskId(new Guid(b.Slice(1, 16))),
            BinaryPrimitives.ReadUInt64LittleEndian(b[17..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[25..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[33..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[41..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[45..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[53..]),
            (ChecksumAlgorithm)b[57],
            (ShardState)b[58]);
    }
}
