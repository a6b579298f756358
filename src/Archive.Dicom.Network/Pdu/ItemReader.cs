using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// Bounded readers for items inside a PDU body that is already whole in memory (framing guaranteed it):
/// running out of bytes here means a bad item length, never "need more data".
/// </summary>
internal static class ItemReader
{
    public static byte ReadByte(ref SequenceReader<byte> reader, string what)
    {
        if (!reader.TryRead(out byte value))
        {
            ThrowTruncated(what);
        }

        return value;
    }

    public static ushort ReadUInt16(ref SequenceReader<byte> reader, string what)
    {
        if (!reader.TryReadBigEndian(out short value))
        {
            ThrowTruncated(what);
        }

        return (ushort)value;
    }

    public static uint ReadUInt32(ref SequenceReader<byte> reader, string what)
    {
        if (!reader.TryReadBigEndian(out int value))
        {
            ThrowTruncated(what);
        }

        return (uint)value;
    }

    /// <summary>Reads an item header (type, reserved, 16-bit length) and checks the length against what is left.</summary>
    public static (byte Type, ushort Length) ReadItemHeader(ref SequenceReader<byte> reader, string what)
    {
        byte type = ReadByte(ref reader, what);
        ReadByte(ref reader, what);
        ushort length = ReadUInt16(ref reader, what);
        if (length > reader.Remaining)
        {
            ThrowHelper.ThrowInvalidLength($"{what} item 0x{type:X2}", length, reader.Remaining);
        }

        return (type, length);
    }

    /// <summary>A slice of <paramref name="length"/> bytes, checked against what is left.</summary>
    public static ReadOnlySequence<byte> ReadSlice(ref SequenceReader<byte> reader, long length, string what)
    {
        if (length < 0 || length > reader.Remaining)
        {
            ThrowHelper.ThrowInvalidLength(what, length, reader.Remaining);
        }

        var slice = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return slice;
    }

    /// <summary>Reads a UID of <paramref name="length"/> bytes: at most 64, trailing NUL or space padding removed.</summary>
    public static string ReadUid(ref SequenceReader<byte> reader, int length, string what)
    {
        if (length > PduLimits.MaxUidLength + 1)
        {
            ThrowHelper.ThrowInvalidLength(what, length, PduLimits.MaxUidLength);
        }

        return ReadAscii(ref reader, length, what).TrimEnd('\0', ' ');
    }

    /// <summary>Reads ASCII text of a length already bounded by the caller.</summary>
    public static string ReadAscii(ref SequenceReader<byte> reader, int length, string what)
    {
        var slice = ReadSlice(ref reader, length, what);
        if (length == 0)
        {
            return string.Empty;
        }

        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        slice.CopyTo(bytes);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Copies a slice out (for opaque fields kept past the receive buffer), after the length check.</summary>
    public static ReadOnlyMemory<byte> ReadBytes(ref SequenceReader<byte> reader, int length, string what) =>
        ReadSlice(ref reader, length, what).ToArray();

    /// <summary>Reads a 16-bit big-endian length then that many bytes as a UID.</summary>
    public static string ReadLengthPrefixedUid(ref SequenceReader<byte> reader, string what) =>
        ReadUid(ref reader, ReadUInt16(ref reader, what), what);

    public static void ThrowTruncated(string what) =>
        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"{what} is truncated");

    public static uint PeekUInt32(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadUInt32BigEndian(span);
}
