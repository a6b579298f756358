using System.Buffers.Binary;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Disks;

/// <summary>
/// The label file format, v1.0, 64 bytes, little-endian (frozen by golden tests):
/// <code>
///  0  8  magic "ARCHDISK"
///  8  1  format major (1), 9 1 format minor (0), 10 6 reserved (0)
/// 16 16  disk id (Guid, little-endian Guid layout)
/// 32 16  node id
/// 48  8  created, Unix milliseconds (int64)
/// 56  8  XXH3-64 of bytes [0, 56)
/// </code>
/// Pure and thread-safe.
/// </summary>
public static class DiskLabelCodec
{
    /// <summary>Encoded length.</summary>
    public const int Length = 64;

    /// <summary>Layout major version written and the only one read.</summary>
    public const byte FormatMajor = 1;

    /// <summary>Layout minor version written.</summary>
    public const byte FormatMinor = 0;

    private static ReadOnlySpan<byte> Magic => "ARCHDISK"u8;

    /// <summary>Encodes a label.</summary>
    public static byte[] Encode(DiskLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var bytes = new byte[Length];
        Magic.CopyTo(bytes);
        bytes[8] = label.FormatMajor;
        bytes[9] = label.FormatMinor;
        label.DiskId.Value.TryWriteBytes(bytes.AsSpan(16));
        label.NodeId.Value.TryWriteBytes(bytes.AsSpan(32));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(48), label.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), Checksum64.Compute(bytes.AsSpan(0, 56)));
        return bytes;
    }

    /// <summary>Decodes a label; the reason says why it cannot be used.</summary>
    public static DiskRefusalReason TryDecode(ReadOnlySpan<byte> bytes, out DiskLabel? label)
    {
        label = null;
        if (bytes.Length != Length || !bytes[..8].SequenceEqual(Magic))
        {
            return DiskRefusalReason.CorruptLabel;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[56..]) != Checksum64.Compute(bytes[..56]))
        {
            return DiskRefusalReason.CorruptLabel;
        }

        if (bytes[8] != FormatMajor)
        {
            return DiskRefusalReason.UnsupportedFormat;
        }

        label = new DiskLabel(
            new DiskId(new Guid(bytes.Slice(16, 16))),
            new NodeId(new Guid(bytes.Slice(32, 16))),
            bytes[8],
            bytes[9],
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(bytes[48..])));
        return DiskRefusalReason.None;
    }
}
