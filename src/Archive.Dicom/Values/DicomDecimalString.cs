using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// DS values (PS3.5 Table 6.2-1): a fixed or floating point decimal ("-1.5", "2.5E-3"), at most
/// 16 characters. Stateless.
/// </summary>
public static class DicomDecimalString
{
    /// <summary>Maximum length of one DS value.</summary>
    public const int MaxLength = 16;

    /// <summary>
    /// Parses one DS value. Tolerant of padding, a leading "+", "e" or "E", a missing leading or
    /// trailing digit around the point (".5", "5.") and values longer than 16 characters (real
    /// modalities write them). Rejects NaN, infinity, hex, thousands separators and anything
    /// that overflows a double.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        text = DicomText.TrimPadding(text);
        if (text.IsEmpty || text.Length > 64)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or '-' or '.' or 'e' or 'E'))
            {
                return false;
            }
        }

        return digits > 0
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Parses one DS value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static double Parse(string text) =>
        TryParse(text, out var value) ? value : throw new DicomValueFormatException(DicomVR.DS, text);

    /// <summary>
    /// Formats <paramref name="value"/> in at most 16 characters: the shortest round-trip form
    /// when it fits, else the most significant digits that fit (fixed or exponent form, whichever
    /// keeps more precision). False for NaN and infinities, which DS cannot express.
    /// </summary>
    public static bool TryFormat(double value, out string text)
    {
        text = "";
        if (!double.IsFinite(value))
        {
            return false;
        }

        if (value == 0)
        {
            text = "0";
            return true;
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (shortest.Length <= MaxLength)
        {
            text = shortest;
            return true;
        }

        for (var precision = 15; precision >= 1; precision--)
        {
            var candidate = value.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (candidate.Length <= MaxLength)
            {
                text = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>Formats as <see cref="TryFormat"/> does, or throws <see cref="ArgumentOutOfRangeException"/> for NaN and infinities.</summary>
    public static string Format(double value) =>
        TryFormat(value, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(value), value, "DS cannot express NaN or infinity");
}
