using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>An AS value (PS3.5 Table 6.2-1): "nnnU", e.g. "045Y", "003W". Immutable.</summary>
/// <param name="Value">0 to 999.</param>
/// <param name="Unit">Days, weeks, months or years.</param>
public readonly record struct DicomAge(int Value, DicomAgeUnit Unit)
{
    /// <summary>
    /// Parses an AS value. Tolerant of padding, a lower-case unit and fewer than three digits
    /// ("45Y"); strict on range (0-999) and unit.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomAge age)
    {
        age = default;
        text = DicomText.TrimPadding(text);
        if (text.Length is < 2 or > 4 || !DicomText.TryDigits(text[..^1], out var value))
        {
            return false;
        }

        DicomAgeUnit? unit = char.ToUpperInvariant(text[^1]) switch
        {
            'D' => DicomAgeUnit.Days,
            'W' => DicomAgeUnit.Weeks,
            'M' => DicomAgeUnit.Months,
            'Y' => DicomAgeUnit.Years,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }

        age = new DicomAge(value, unit.Value);
        return true;
    }

    /// <summary>Parses an AS value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static DicomAge Parse(string text) =>
        TryParse(text, out var age) ? age : throw new DicomValueFormatException(DicomVR.AS, text);

    /// <summary>Formats as "nnnU"; false when the value is outside 0-999 or the unit undefined.</summary>
    public bool TryFormat(out string text)
    {
        var valid = Value is >= 0 and <= 999 && Enum.IsDefined(Unit);
        text = valid ? string.Create(CultureInfo.InvariantCulture, $"{Value:D3}{(char)Unit}") : "";
        return valid;
    }

    /// <summary>The AS value "nnnU"; an out-of-range age prints unpadded so it is visible, never throws.</summary>
    public override string ToString() =>
        TryFormat(out var text) ? text : string.Create(CultureInfo.InvariantCulture, $"{Value}{(char)Unit}");
}
