using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Archive.Dicom.Model;

/// <summary>Typed reads of the value bytes. None of them allocate except those returning strings.</summary>
public sealed partial class DicomValueElement
{
    /// <summary>
    /// The value as default-repertoire text (bytes mapped one to one, as ISO 8859-1), with trailing
    /// padding (spaces and NULs) removed, and leading spaces too for VRs where they are not
    /// significant. Use <see cref="DicomDataset.GetText"/> for text in the dataset's character set.
    /// </summary>
    public string GetAsciiString() => Latin1.GetString(TrimPadding(Value.Span, VR));

    /// <summary>The backslash-separated values of a multi-valued text element, each trimmed of padding.</summary>
    public string[] GetAsciiStrings()
    {
        var text = GetAsciiString();
        if (text.Length == 0)
        {
            return [];
        }

        if (VR is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR)
        {
            return [text];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = parts[i].Trim(' ', '\0');
        }

        return parts;
    }

    /// <summary>Reads value <paramref name="index"/> of a US, SS, OW or AT-half value; false when out of range or of another VR.</summary>
    public bool TryGetUInt16(int index, out ushort value)
    {
        value = 0;
        if (VR is not (DicomVR.US or DicomVR.SS or DicomVR.OW or DicomVR.UN or DicomVR.OB) || !TrySlice(index, 2, out var slice))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(slice);
        return true;
    }

    /// <summary>
    /// Reads value <paramref name="index"/> as a 32-bit integer from US, SS, UL, SL or IS (decimal
    /// text); false when absent, of another VR, out of range or not a number.
    /// </summary>
    public bool TryGetInt32(int index, out int value)
    {
        value = 0;
        switch (VR)
        {
            case DicomVR.US when TrySlice(index, 2, out var s):
                value = BinaryPrimitives.ReadUInt16LittleEndian(s);
                return true;
            case DicomVR.SS when TrySlice(index, 2, out var s):
                value = BinaryPrimitives.ReadInt16LittleEndian(s);
                return true;
            case DicomVR.SL when TrySlice(index, 4, out var s):
                value = BinaryPrimitives.ReadInt32LittleEndian(s);
                return true;
            case DicomVR.UL when TrySlice(index, 4, out var s):
                var u = BinaryPrimitives.ReadUInt32LittleEndian(s);
                value = (int)u;
                return u <= int.MaxValue;
            case DicomVR.IS:
                var parts = GetAsciiStrings();
                return index < parts.Length && int.TryParse(parts[index], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    /// <summary>Reads value <paramref name="index"/> of a UL element (or a US, widened).</summary>
    public bool TryGetUInt32(int index, out uint value)
    {
        value = 0;
        switch (VR)
        {
            case DicomVR.UL or DicomVR.OL when TrySlice(index, 4, out var s):
                value = BinaryPrimitives.ReadUInt32LittleEndian(s);
                return true;
            case DicomVR.US when TrySlice(index, 2, out var s):
                value = BinaryPrimitives.ReadUInt16LittleEndian(s);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads value <paramref name="index"/> of an FD, FL, DS (decimal text) or integer element as a double.</summary>
    public bool TryGetDouble(int index, out double value)
    {
        value = 0;
        switch (VR)
        {
            case DicomVR.FD or DicomVR.OD when TrySlice(index, 8, out var s):
                value = BinaryPrimitives.ReadDoubleLittleEndian(s);
                return true;
            case DicomVR.FL or DicomVR.OF when TrySlice(index, 4, out var s):
                value = BinaryPrimitives.ReadSingleLittleEndian(s);
                return true;
            case DicomVR.DS or DicomVR.IS:
                var parts = GetAsciiStrings();
                return index < parts.Length && double.TryParse(parts[index], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                if (TryGetInt32(index, out var i))
                {
                    value = i;
                    return true;
                }

                return false;
        }
    }

    /// <summary>Reads value <paramref name="index"/> of an AT element.</summary>
    public bool TryGetTag(int index, out DicomTag value)
    {
        value = default;
        if (VR != DicomVR.AT || !TrySlice(index, 4, out var s))
        {
            return false;
        }

        value = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]));
        return true;
    }

    /// <summary>
    /// Removes the padding that PS3.5 §6.2 allows: trailing spaces and NULs on text VRs (leading
    /// spaces too where insignificant), a trailing NUL on UI. Binary values are returned whole.
    /// </summary>
    public static ReadOnlySpan<byte> TrimPadding(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (!DicomVRInfo.IsString(vr))
        {
            return value;
        }

        var end = value.Length;
        while (end > 0 && (value[end - 1] == 0 || (value[end - 1] == (byte)' ' && vr != DicomVR.UI)))
        {
            end--;
        }

        var start = 0;
        if (vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT))
        {
            while (start < end && value[start] == (byte)' ')
            {
                start++;
            }
        }

        return value[start..end];
    }

    private bool TrySlice(int index, int unit, out ReadOnlySpan<byte> slice)
    {
        var span = Value.Span;
        var offset = (long)index * unit;
        if (index < 0 || offset + unit > span.Length)
        {
            slice = default;
            return false;
        }

        slice = span.Slice((int)offset, unit);
        return true;
    }

    private static Encoding Latin1 => Encoding.Latin1;
}
