using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// DA values (PS3.5 Table 6.2-1): "YYYYMMDD". Parsing is tolerant of padding and of the
/// retired ACR-NEMA form "YYYY.MM.DD"; formatting is strict. Stateless.
/// </summary>
public static class DicomDate
{
    /// <summary>Parses a DA value; false for anything that is not a real calendar date.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        text = DicomText.TrimPadding(text);
        int year, month, day;
        if (text.Length == 8)
        {
            if (!DicomText.TryDigits(text[..4], out year) || !DicomText.TryDigits(text[4..6], out month) || !DicomText.TryDigits(text[6..], out day))
            {
                return false;
            }
        }
        else if (text.Length == 10 && text[4] == '.' && text[7] == '.')
        {
            if (!DicomText.TryDigits(text[..4], out year) || !DicomText.TryDigits(text[5..7], out month) || !DicomText.TryDigits(text[8..], out day))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses a DA value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static DateOnly Parse(string text) =>
        TryParse(text, out var date) ? date : throw new DicomValueFormatException(DicomVR.DA, text);

    /// <summary>Formats as "YYYYMMDD".</summary>
    public static string Format(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
