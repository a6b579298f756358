using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// A PN value (PS3.5 §6.2.1): up to three component groups separated by "=": alphabetic,
/// ideographic, phonetic. Decode the bytes with <c>DicomCharacterSet</c> first. Immutable.
/// </summary>
public sealed record DicomPersonName(DicomPersonNameGroup Alphabetic, DicomPersonNameGroup Ideographic, DicomPersonNameGroup Phonetic)
{
    /// <summary>Maximum characters per component group (PS3.5 Table 6.2-1).</summary>
    public const int MaxGroupLength = 64;

    /// <summary>
    /// Parses a decoded PN value. Never fails: padding is trimmed, missing groups are empty and a
    /// fourth or later group is appended to the phonetic group with "=", so nothing is lost.
    /// Use <see cref="IsValid"/> for the strict rules.
    /// </summary>
    public static DicomPersonName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = text.Trim(' ', '\0').Split('=');
        var phonetic = groups.Length > 3 ? string.Join('=', groups[2..]) : groups.Length > 2 ? groups[2] : "";
        return new DicomPersonName(
            DicomPersonNameGroup.Parse(groups[0]),
            groups.Length > 1 ? DicomPersonNameGroup.Parse(groups[1]) : DicomPersonNameGroup.Empty,
            DicomPersonNameGroup.Parse(phonetic));
    }

    /// <summary>
    /// True when the value follows PS3.5: at most three groups of at most five components, each
    /// group at most <see cref="MaxGroupLength"/> characters, no control characters other than ESC
    /// and no "\" (use one value per name).
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd(' ');
        var groups = 0;
        foreach (var range in text.Split('='))
        {
            var group = text[range];
            if (++groups > 3 || group.Length > MaxGroupLength || group.Count('^') > 4)
            {
                return false;
            }

            foreach (var c in group)
            {
                if ((c < 0x20 && c != 0x1B) || c == '\\')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Parses, or throws <see cref="DicomValueFormatException"/> when <see cref="IsValid"/> is false.</summary>
    public static DicomPersonName ParseStrict(string text) =>
        IsValid(text) ? Parse(text) : throw new DicomValueFormatException(DicomVR.PN, text);

    /// <summary>The PN value: groups joined by "=", trailing empty groups and components dropped.</summary>
    public override string ToString()
    {
        var groups = new[] { Alphabetic.ToString(), Ideographic.ToString(), Phonetic.ToString() };
        var last = Array.FindLastIndex(groups, g => g.Length > 0);
        return last < 0 ? "" : string.Join('=', groups, 0, last + 1);
    }
}
