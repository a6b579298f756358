using System.Globalization;
using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// A TM value (PS3.5 Table 6.2-1): "HH[MM[SS[.F{1,6}]]]" with the precision it was given in,
/// which matters for range matching and for writing it back. Immutable.
/// </summary>
/// <param name="Value">The time; missing components are zero.</param>
/// <param name="Components">1 (HH), 2 (HHMM) or 3 (HHMMSS).</param>
/// <param name="FractionDigits">0 to 6 digits of fractional seconds (only with 3 components).</param>
public readonly record struct DicomTime(TimeOnly Value, int Components, int FractionDigits)
{
    /// <summary>A time with full precision to the microsecond.</summary>
    public static DicomTime FromTime(TimeOnly value) => new(value, 3, 6);

    /// <summary>
    /// Parses a TM value. Tolerant of padding, of the retired "HH:MM:SS.frac" form, of a leap
    /// second "60" (read as 59.999999) and of more than six fraction digits (truncated).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTime time)
    {
        time = default;
        text = DicomText.TrimPadding(text);
        Span<char> compact = stackalloc char[32];
        if (text.Length > compact.Length)
        {
            return false;
        }

        // Drop the colons of the ACR-NEMA form, but only in the HH:MM:SS positions.
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ':' && (length == 2 || length == 4) && !text[..i].Contains('.'))
            {
                continue;
            }

            compact[length++] = text[i];
        }

        var t = compact[..length];
        var dot = t.IndexOf('.');
        var main = dot >= 0 ? t[..dot] : t;
        if (main.Length is not (2 or 4 or 6))
        {
            return false;
        }

        if (!DicomText.TryDigits(main[..2], out var hour) || hour > 23)
        {
            return false;
        }

        var minute = 0;
        var second = 0;
        if (main.Length >= 4 && (!DicomText.TryDigits(main[2..4], out minute) || minute > 59))
        {
            return false;
        }

        if (main.Length == 6 && (!DicomText.TryDigits(main[4..6], out second) || second > 60))
        {
            return false;
        }

        var microseconds = 0;
        var fractionDigits = 0;
        if (dot >= 0)
        {
            var fraction = t[(dot + 1)..];
            if (main.Length != 6 || fraction.IsEmpty || !DicomText.TryDigits(fraction[..Math.Min(6, fraction.Length)], out microseconds))
            {
                return false;
            }

            foreach (var c in fraction)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            fractionDigits = Math.Min(6, fraction.Length);
            for (var i = fractionDigits; i < 6; i++)
            {
                microseconds *= 10;
            }
        }

        if (second == 60)
        {
            second = 59;
            microseconds = 999_999;
        }

        var ticks = new TimeSpan(0, hour, minute, second).Ticks + (microseconds * 10L);
        time = new DicomTime(new TimeOnly(ticks), main.Length / 2, fractionDigits);
        return true;
    }

    /// <summary>Parses a TM value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static DicomTime Parse(string text) =>
        TryParse(text, out var time) ? time : throw new DicomValueFormatException(DicomVR.TM, text);

    /// <summary>Formats as "HH[MM[SS[.F…]]]" with this value's precision.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(13);
        sb.Append(Value.Hour.ToString("D2", CultureInfo.InvariantCulture));
        if (Components >= 2)
        {
            sb.Append(Value.Minute.ToString("D2", CultureInfo.InvariantCulture));
        }

        if (Components >= 3)
        {
            sb.Append(Value.Second.ToString("D2", CultureInfo.InvariantCulture));
            AppendFraction(sb, Value.Ticks % TimeSpan.TicksPerSecond, FractionDigits);
        }

        return sb.ToString();
    }

    /// <summary>Appends ".F…" with <paramref name="digits"/> digits (none when 0).</summary>
    internal static void AppendFraction(StringBuilder sb, long ticksInSecond, int digits)
    {
        if (digits <= 0)
        {
            return;
        }

        var micro = (ticksInSecond / 10).ToString("D6", CultureInfo.InvariantCulture);
        sb.Append('.').Append(micro.AsSpan(0, Math.Min(6, digits)));
    }
}
