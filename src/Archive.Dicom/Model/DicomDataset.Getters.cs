using System.Diagnostics.CodeAnalysis;

namespace Archive.Dicom.Model;

/// <summary>Typed getters and text setters. Getters never throw on absent or malformed values: they return false or null.</summary>
public sealed partial class DicomDataset
{
    /// <summary>(0008,0005) Specific Character Set.</summary>
    public static readonly DicomTag SpecificCharacterSetTag = new(0x0008, 0x0005);

    /// <summary>
    /// The element's value as text, decoded with the character set in force for this dataset when
    /// the VR is affected by it, padding removed; null when absent, empty-valued sequences included.
    /// </summary>
    public string? GetText(DicomTag tag)
    {
        if (!TryGet(tag, out var element) || element is not DicomValueElement value)
        {
            return null;
        }

        if (!DicomVRInfo.IsString(value.VR) && value.VR != DicomVR.UN)
        {
            return null;
        }

        var bytes = DicomValueElement.TrimPadding(value.Value.Span, value.VR);
        return DicomVRInfo.UsesSpecificCharacterSet(value.VR) || value.VR == DicomVR.UN
            ? DicomTextCodec.Decode(bytes, value.VR, GetSpecificCharacterSet())
            : System.Text.Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Like <see cref="GetText"/> but as a try-pattern; false when absent or empty.</summary>
    public bool TryGetText(DicomTag tag, [NotNullWhen(true)] out string? value)
    {
        value = GetText(tag);
        return !string.IsNullOrEmpty(value);
    }

    /// <summary>Value <paramref name="index"/> of a US/SS/UL/SL/IS element as an integer.</summary>
    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        return TryGet(tag, out var element) && element is DicomValueElement v && v.TryGetInt32(index, out value);
    }

    /// <summary>Value <paramref name="index"/> of a US element.</summary>
    public bool TryGetUInt16(DicomTag tag, out ushort value, int index = 0)
    {
        value = 0;
        return TryGet(tag, out var element) && element is DicomValueElement v && v.TryGetUInt16(index, out value);
    }

    /// <summary>Value <paramref name="index"/> of a UL (or US) element.</summary>
    public bool TryGetUInt32(DicomTag tag, out uint value, int index = 0)
    {
        value = 0;
        return TryGet(tag, out var element) && element is DicomValueElement v && v.TryGetUInt32(index, out value);
    }

    /// <summary>Value <paramref name="index"/> of an FD/FL/DS/IS or integer element as a double.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        return TryGet(tag, out var element) && element is DicomValueElement v && v.TryGetDouble(index, out value);
    }

    /// <summary>The sequence with <paramref name="tag"/>, or null.</summary>
    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>
    /// The Specific Character Set values in force: this dataset's (0008,0005), else the nearest
    /// enclosing dataset's, else empty (the default repertoire).
    /// </summary>
    public string[] GetSpecificCharacterSet()
    {
        for (var dataset = this; dataset is not null; dataset = dataset.Parent)
        {
            if (dataset.TryGet(SpecificCharacterSetTag, out var element) && element is DicomValueElement value)
            {
                // Keep empty positions: "\ISO 2022 IR 87" means "default repertoire first, then JIS".
                var text = System.Text.Encoding.Latin1.GetString(value.Value.Span).TrimEnd(' ', '\0');
                var parts = text.Split('\\');
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = parts[i].Trim();
                }

                return parts;
            }
        }

        return [];
    }

    /// <summary>Adds or replaces a text element, encoding with the character set in force and padding to even length.</summary>
    public void AddOrReplaceText(DicomTag tag, DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = DicomVRInfo.UsesSpecificCharacterSet(vr)
            ? DicomTextCodec.Encode(value, vr, GetSpecificCharacterSet())
            : System.Text.Encoding.Latin1.GetBytes(value);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = DicomVRInfo.PaddingByte(vr);
        }

        AddOrReplace(new DicomValueElement(tag, vr, bytes));
    }
}
