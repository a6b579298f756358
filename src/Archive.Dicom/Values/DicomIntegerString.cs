using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>IS values (PS3.5 Table 6.2-1): an optionally signed decimal integer in -2^31..2^31-1, at most 12 characters. Stateless.</summary>
public static class DicomIntegerString
{
    /// <summary>Maximum length of one IS value.</summary>
    public const int MaxLength = 12;

    /// <summary>
    /// Parses one IS value. Tolerant of padding (spaces, NULs), a leading "+", leading zeros and
    /// a value longer than 12 characters when the number itself is in range; strict on anything
    /// that is not an integer (no decimals, no exponent).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        text = DicomText.TrimPadding(text);
        if (text.IsEmpty || text.Length > 32)
        {
            return false;
        }

        var start = text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        foreach (var c in text[start..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses one IS value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static int Parse(string text) =>
        TryParse(text, out var value) ? value : throw new DicomValueFormatException(DicomVR.IS, text);

    /// <summary>Formats as a plain decimal integer (at most 11 characters).</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
