using System.Buffers.Binary;
using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Support;

/// <summary>Hand-encodes elements byte by byte, to build inputs the writer would never produce.</summary>
internal sealed class RawBuilder(bool explicitVR = true, bool bigEndian = false)
{
    private readonly MemoryStream _bytes = new();

    public byte[] ToArray() => _bytes.ToArray();

    public RawBuilder Preamble()
    {
        _bytes.Write(new byte[128]);
        _bytes.Write("DICM"u8);
        return this;
    }

    /// <summary>A minimal meta (explicit LE) announcing <paramref name="transferSyntaxUid"/>.</summary>
    public RawBuilder Meta(string transferSyntaxUid)
    {
        var meta = new RawBuilder();
        meta.Element(0x0002, 0x0001, "OB", [0, 1]);
        meta.Text(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7\0");
        meta.Text(0x0002, 0x0003, "UI", "1.2.3.4\0");
        var uid = transferSyntaxUid.Length % 2 == 1 ? transferSyntaxUid + "\0" : transferSyntaxUid;
        meta.Text(0x0002, 0x0010, "UI", uid);
        var body = meta.ToArray();
        var head = new RawBuilder();
        head.Element(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)body.Length));
        _bytes.Write(head.ToArray());
        _bytes.Write(body);
        return this;
    }

    public RawBuilder Text(ushort group, ushort element, string vr, string value) =>
        Element(group, element, vr, Encoding.Latin1.GetBytes(value));

    /// <summary>An element with <paramref name="value"/> written verbatim (no padding); <paramref name="length"/> overrides the length field.</summary>
    public RawBuilder Element(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        Tag(group, element);
        var len = length ?? (uint)value.Length;
        if (explicitVR)
        {
            _bytes.Write(Encoding.ASCII.GetBytes(vr));
            DicomVRInfo.TryParse((byte)vr[0], (byte)vr[1], out var parsed);
            if (DicomVRInfo.HasLongExplicitLength(parsed))
            {
                _bytes.Write([0, 0]);
                UInt32(len);
            }
            else
            {
                UInt16((ushort)len);
            }
        }
        else
        {
            UInt32(len);
        }

        _bytes.Write(value);
        return this;
    }

    /// <summary>A header only (for sequences and undefined lengths): tag, VR when explicit, length.</summary>
    public RawBuilder Header(ushort group, ushort element, string vr, uint length) => Element(group, element, vr, [], length);

    public RawBuilder Item(uint length = 0xFFFFFFFF) => ItemTag(0xE000, length);

    public RawBuilder ItemEnd() => ItemTag(0xE00D, 0);

    public RawBuilder SequenceEnd() => ItemTag(0xE0DD, 0);

    public RawBuilder Bytes(byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    private RawBuilder ItemTag(ushort element, uint length)
    {
        Tag(0xFFFE, element);
        UInt32(length);
        return this;
    }

    private void Tag(ushort group, ushort element)
    {
        UInt16(group);
        UInt16(element);
    }

    private void UInt16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        _bytes.Write(b);
    }

    private void UInt32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        _bytes.Write(b);
    }
}
