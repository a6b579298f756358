using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Archive.Dicom.Model;

/// <summary>
/// An element whose value is a run of bytes: every VR except SQ, plus native (not encapsulated)
/// Pixel Data. The bytes are kept exactly as read — always in little-endian order (the reader swaps
/// big-endian input once, so a dataset never depends on the syntax it came from), including any
/// padding byte and odd lengths. Immutable; the value memory must not be mutated by its owner.
/// Typed accessors live in <c>DicomValueElement.Accessors.cs</c>.
/// </summary>
public sealed partial class DicomValueElement : DicomElement
{
    /// <summary>Wraps <paramref name="value"/> without copying; the caller gives up the right to mutate it.</summary>
    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
        : base(tag, vr)
    {
        if (vr is DicomVR.SQ or DicomVR.None)
        {
            throw new ArgumentException($"VR {vr} does not carry a byte value.", nameof(vr));
        }

        Value = value;
    }

    /// <summary>The raw value bytes, little endian, padding included.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Length of the value in bytes as it will be encoded (odd lengths are padded by the writer).</summary>
    public int Length => Value.Length;

    /// <summary>
    /// The value multiplicity: backslash-separated values for multi-valued text VRs, the value
    /// count for fixed-size binary VRs, 1 for OB/OW/UN and other single-valued VRs, 0 when empty.
    /// </summary>
    public int Multiplicity
    {
        get
        {
            var span = Value.Span;
            if (span.IsEmpty)
            {
                return 0;
            }

            if (DicomVRInfo.IsString(VR))
            {
                return VR is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR ? 1 : span.Count((byte)'\\') + 1;
            }

            return VR switch
            {
                DicomVR.AT => span.Length / 4,
                DicomVR.SS or DicomVR.US => span.Length / 2,
                DicomVR.FL or DicomVR.SL or DicomVR.UL => span.Length / 4,
                DicomVR.FD or DicomVR.SV or DicomVR.UV => span.Length / 8,
                _ => 1,
            };
        }
    }

    /// <summary>Creates a UI element, padding an odd length with NUL.</summary>
    public static DicomValueElement FromUid(DicomTag tag, string uid) => FromAscii(tag, DicomVR.UI, uid);

    /// <summary>
    /// Creates a text element from characters in the default repertoire (ASCII), padding an odd
    /// length with the VR's padding byte. For text in other character sets use
    /// <see cref="DicomDataset.AddOrReplaceText"/>, which encodes with the dataset's character set.
    /// </summary>
    public static DicomValueElement FromAscii(DicomTag tag, DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length + (value.Length & 1)];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            bytes[i] = c < 0x80 ? (byte)c : (byte)'?';
        }

        if ((value.Length & 1) == 1)
        {
            bytes[^1] = DicomVRInfo.PaddingByte(vr);
        }

        return new DicomValueElement(tag, vr, bytes);
    }

    /// <summary>Creates a US element.</summary>
    public static DicomValueElement FromUInt16(DicomTag tag, params ReadOnlySpan<ushort> values) =>
        FromBinary(tag, DicomVR.US, MemoryMarshal.AsBytes(values), sizeof(ushort));

    /// <summary>Creates a UL element.</summary>
    public static DicomValueElement FromUInt32(DicomTag tag, params ReadOnlySpan<uint> values) =>
        FromBinary(tag, DicomVR.UL, MemoryMarshal.AsBytes(values), sizeof(uint));

    /// <summary>Creates an FD element.</summary>
    public static DicomValueElement FromDouble(DicomTag tag, params ReadOnlySpan<double> values) =>
        FromBinary(tag, DicomVR.FD, MemoryMarshal.AsBytes(values), sizeof(double));

    private static DicomValueElement FromBinary(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> native, int unit)
    {
        var bytes = native.ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Archive.Dicom.IO.DicomByteSwap.SwapInPlace(bytes, unit);
        }

        return new DicomValueElement(tag, vr, bytes);
    }

    internal static ushort ReadUInt16(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadUInt16LittleEndian(span);
}
