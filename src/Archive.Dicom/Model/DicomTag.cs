using System.Globalization;

namespace Archive.Dicom.Model;

/// <summary>
/// A DICOM attribute tag (group, element). Immutable; ordered as the standard orders elements
/// in a dataset (by group, then element), which is the order of <see cref="Value"/>.
/// </summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>The tag as one 32-bit number, group in the high half: 0x7FE00010 for Pixel Data.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number (PS3.5 §7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>A private creator element (gggg,0010-00FF) reserves a block of private elements.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Group length elements (gggg,0000) are retired outside group 0000/0002 but still seen in the wild.</summary>
    public bool IsGroupLength => Element == 0x0000;

    public static DicomTag FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>Formats as dcmdump does: <c>(0008,0016)</c>, lower-case hex.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:x4},{Element:x4})");

    /// <summary>Parses <c>(gggg,eeee)</c>, <c>gggg,eeee</c> or <c>ggggeeee</c> (hex, any case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        tag = default;
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            text = text[1..^1];
        }

        ReadOnlySpan<char> group, element;
        if (text.Length == 9 && text[4] == ',')
        {
            group = text[..4];
            element = text[5..];
        }
        else if (text.Length == 8)
        {
            group = text[..4];
            element = text[4..];
        }
        else
        {
            return false;
        }

        if (!ushort.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var g)
            || !ushort.TryParse(element, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var e))
        {
            return false;
        }

        tag = new DicomTag(g, e);
        return true;
    }

    // Tags the codec itself must know; everything else comes from the generated dictionary.

    /// <summary>(FFFE,E000) Item.</summary>
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);

    /// <summary>(FFFE,E00D) Item Delimitation Item.</summary>
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);

    /// <summary>(FFFE,E0DD) Sequence Delimitation Item.</summary>
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);

    /// <summary>(7FE0,0010) Pixel Data.</summary>
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
}
