using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Matching;

/// <summary>
/// Range matching of DA, TM and DT (PS3.4 C.2.2.2.5): <c>A-B</c>, <c>A-</c>, <c>-B</c>, and a
/// single value as the range from itself to itself. Values compare as digit strings: a partial
/// lower bound is padded with 0s, a partial upper bound with 9s, so <c>-1030</c> includes 10:30:59. A TM range
/// that starts after it ends runs across midnight: <c>2300-0100</c> matches 23:30 and 00:30.
/// Retired forms with separators (<c>1999.01.31</c>, <c>10:30</c>) are accepted. DT offsets are ignored.
/// </summary>
public sealed class RangeMatcher : KeyMatcher
{
    private readonly string? _lower;
    private readonly string? _upper;
    private readonly int _width;

    public RangeMatcher(CatalogAttribute attribute, string text)
        : base(attribute)
    {
        _width = attribute.VR switch { DicomVR.DA => 8, DicomVR.TM => 12, _ => 20 };
        var (lower, upper) = Split(text, attribute.VR);
        _lower = lower.Length > 0 ? Pad(lower, '0') : null;
        _upper = upper.Length > 0 ? Pad(upper, '9') : null;
        WrapsMidnight = _width == 12 && _lower is not null && _upper is not null && string.CompareOrdinal(_lower, _upper) > 0;
    }

    /// <summary>The lower bound, zero-padded to the VR's full width; null when open.</summary>
    public string? Lower => _lower;

    /// <summary>The upper bound, nine-padded to the VR's full width; null when open.</summary>
    public string? Upper => _upper;

    /// <summary>A TM range whose start is after its end (<c>2300-0100</c>): the night across midnight, from the start or up to the end.</summary>
    public bool WrapsMidnight { get; }

    public override bool Matches(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var digits = Digits(value.Split('\\')[0]);
        if (digits.Length == 0)
        {
            return false;
        }

        var low = Pad(digits, '0');
        var high = Pad(digits, '9');
        var fromLower = _lower is null || string.CompareOrdinal(high, _lower) >= 0;
        var toUpper = _upper is null || string.CompareOrdinal(low, _upper) <= 0;
        return WrapsMidnight ? fromLower || toUpper : fromLower && toUpper;
    }

    /// <summary>
    /// What is wrong with one DA or TM key value (a date or time, or a range of them), or null when it is well formed:
    /// each bound's month, day, hour, minute and second in range, and a date range's start not after its end (a time
    /// range may start after it ends: it runs across midnight, as a night shift's studies are asked for). DT is only
    /// checked for its form (<see cref="CatalogQuery"/>).
    /// </summary>
    public static string? Problem(string text, DicomVR vr)
    {
        if (vr is not (DicomVR.DA or DicomVR.TM))
        {
            return null;
        }

        var (lower, upper) = Split(text, vr);
        if ((BoundProblem(lower, vr) ?? BoundProblem(upper, vr)) is { } bound)
        {
            return bound;
        }

        return vr == DicomVR.DA && lower.Length > 0 && upper.Length > 0 && string.CompareOrdinal(Fill(lower, '0', 8), Fill(upper, '9', 8)) > 0
            ? "its range starts after it ends"
            : null;
    }

    private static string? BoundProblem(string digits, DicomVR vr)
    {
        int Part(int at, int length) => digits.Length >= at + length ? int.Parse(digits.AsSpan(at, length), System.Globalization.CultureInfo.InvariantCulture) : -1;
        if (vr == DicomVR.DA)
        {
            var (year, month, day) = (Part(0, 4), Part(4, 2), Part(6, 2));
            return month is 0 or > 12 ? "no such month"
                : day == 0 || (day > 0 && year > 0 && month > 0 && day > DateTime.DaysInMonth(year, month)) ? "no such day"
                : null;
        }

        var (hour, minute, second) = (Part(0, 2), Part(2, 2), Part(4, 2));
        return hour > 23 ? "no such hour" : minute > 59 ? "no such minute" : second > 60 ? "no such second" : null;
    }

    private static string Fill(string digits, char fill, int width) =>
        digits.Length >= width ? digits[..width] : digits + new string(fill, width - digits.Length);

    private static (string Lower, string Upper) Split(string text, DicomVR vr)
    {
        // In DT an offset sign can also be '-'; the range separator is the '-' that follows a
        // full date-time or stands first. DA and TM have no offsets.
        var dash = vr == DicomVR.DT ? FindDateTimeRangeDash(text) : text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (Digits(text), Digits(text)) : (Digits(text[..dash]), Digits(text[(dash + 1)..]));
    }

    private static int FindDateTimeRangeDash(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-' && (i == 0 || i >= 8 && !IsOffsetDash(text, i)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsOffsetDash(string text, int i) =>
        i + 5 <= text.Length && text.AsSpan(i + 1, 4).IndexOfAnyExceptInRange('0', '9') < 0 && (i + 5 == text.Length || text[i + 5] == '-');

    private static string Digits(string text)
    {
        // DT offset (+hhmm / -hhmm after the time) is dropped; separators of retired forms too.
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            text = text[..plus];
        }
        else if (text.Length >= 13 && text[^5] == '-' && IsOffsetDash(text, text.Length - 5))
        {
            text = text[..^5];
        }

        return new string(text.Where(char.IsAsciiDigit).ToArray());
    }

    private string Pad(string digits, char fill) =>
        digits.Length >= _width ? digits[.._width] : digits + new string(fill, _width - digits.Length);
}
