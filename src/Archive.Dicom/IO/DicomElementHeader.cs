using System.Buffers;
using System.Buffers.Binary;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// The fixed part in front of every value (PS3.5 §7.1): tag, VR (explicit syntaxes only;
/// <see cref="DicomVR.None"/> for items, delimiters and implicit VR) and length.
/// </summary>
public readonly record struct DicomElementHeader(DicomTag Tag, DicomVR VR, uint Length, int HeaderLength)
{
    /// <summary>The length value that means "undefined, closed by a delimiter".</summary>
    public const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>True when <see cref="Length"/> is <see cref="UndefinedLength"/>.</summary>
    public bool HasUndefinedLength => Length == UndefinedLength;

    /// <summary>
    /// Reads the tag only, without consuming anything; false when fewer than 4 bytes are buffered.
    /// </summary>
    public static bool TryPeekTag(ref SequenceReader<byte> reader, bool bigEndian, out DicomTag tag)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (!reader.TryCopyTo(bytes))
        {
            tag = default;
            return false;
        }

        tag = ReadTag(bytes, bigEndian);
        return true;
    }

    /// <summary>
    /// Reads one header without consuming it (the caller advances by <see cref="HeaderLength"/>).
    /// False when more bytes are needed. Item and delimiter tags (group FFFE) always have the 8-byte
    /// form. Throws <see cref="DicomParseException"/> (<see cref="DicomParseError.InvalidVR"/>) when an
    /// explicit VR is not one of the 34; <paramref name="offset"/> is the header's position for the error.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, bool explicitVR, bool bigEndian, long offset, out DicomElementHeader header)
    {
        header = default;
        Span<byte> bytes = stackalloc byte[12];
        var available = (int)Math.Min(reader.Remaining, 12);
        if (available < 8)
        {
            return false;
        }

        bytes = bytes[..available];
        reader.TryCopyTo(bytes);
        var tag = ReadTag(bytes, bigEndian);
        if (tag.Group == 0xFFFE || !explicitVR)
        {
            header = new DicomElementHeader(tag, DicomVR.None, ReadUInt32(bytes[4..], bigEndian), 8);
            return true;
        }

        if (!DicomVRInfo.TryParse(bytes[4], bytes[5], out var vr))
        {
            ThrowHelper.ThrowParse(DicomParseError.InvalidVR, offset, tag, $"bytes 0x{bytes[4]:X2} 0x{bytes[5]:X2} are not a VR");
        }

        if (!DicomVRInfo.HasLongExplicitLength(vr))
        {
            var shortLength = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
            header = new DicomElementHeader(tag, vr, shortLength, 8);
            return true;
        }

        if (available < 12)
        {
            return false;
        }

        header = new DicomElementHeader(tag, vr, ReadUInt32(bytes[8..], bigEndian), 12);
        return true;
    }

    private static DicomTag ReadTag(ReadOnlySpan<byte> bytes, bool bigEndian) => bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]));

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
