using System.Globalization;
using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// A DT value (PS3.5 Table 6.2-1): "YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&amp;ZZXX]" with its
/// precision and optional UTC offset. Immutable.
/// </summary>
/// <param name="Value">The local date and time; missing components are their minimum (month 1, day 1, 00:00).</param>
/// <param name="Offset">The "&amp;ZZXX" suffix, or null when absent (then Timezone Offset From UTC (0008,0201) or local time applies).</param>
/// <param name="Precision">How many components were given.</param>
/// <param name="FractionDigits">0 to 6 digits of fractional seconds.</param>
public readonly record struct DicomDateTime(DateTime Value, TimeSpan? Offset, DicomDateTimePrecision Precision, int FractionDigits)
{
    /// <summary>Full precision, with an offset.</summary>
    public static DicomDateTime FromDateTimeOffset(DateTimeOffset value) =>
        new(value.DateTime, value.Offset, DicomDateTimePrecision.Fraction, 6);

    /// <summary>The instant, using <paramref name="defaultOffset"/> when the value carries no offset.</summary>
    public DateTimeOffset ToDateTimeOffset(TimeSpan defaultOffset) => new(DateTime.SpecifyKind(Value, DateTimeKind.Unspecified), Offset ?? defaultOffset);

    /// <summary>
    /// Parses a DT value. Tolerant of padding and of more than six fraction digits (truncated);
    /// the offset must be within -12:00..+14:00 with minutes 00-59.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomDateTime value)
    {
        value = default;
        text = DicomText.TrimPadding(text);
        TimeSpan? offset = null;
        var sign = text.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = text[(sign + 1)..];
            if (zone.Length != 4 || !DicomText.TryDigits(zone[..2], out var oh) || !DicomText.TryDigits(zone[2..], out var om) || om > 59)
            {
                return false;
            }

            var span = new TimeSpan(oh, om, 0);
            if (text[sign] == '-')
            {
                span = -span;
            }

            if (span < TimeSpan.FromHours(-12) || span > TimeSpan.FromHours(14))
            {
                return false;
            }

            offset = span;
            text = text[..sign];
        }

        var dot = text.IndexOf('.');
        var main = dot >= 0 ? text[..dot] : text;
        if (main.Length is not (4 or 6 or 8 or 10 or 12 or 14))
        {
            return false;
        }

        if (!DicomText.TryDigits(main[..4], out var year) || year < 1)
        {
            return false;
        }

        int month = 1, day = 1, hour = 0, minute = 0, second = 0;
        if ((main.Length >= 6 && (!DicomText.TryDigits(main[4..6], out month) || month is < 1 or > 12))
            || (main.Length >= 8 && (!DicomText.TryDigits(main[6..8], out day) || day < 1 || day > DateTime.DaysInMonth(year, month)))
            || (main.Length >= 10 && (!DicomText.TryDigits(main[8..10], out hour) || hour > 23))
            || (main.Length >= 12 && (!DicomText.TryDigits(main[10..12], out minute) || minute > 59))
            || (main.Length >= 14 && (!DicomText.TryDigits(main[12..14], out second) || second > 60)))
        {
            return false;
        }

        var precision = (DicomDateTimePrecision)((main.Length - 2) / 2);
        var microseconds = 0;
        var fractionDigits = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            if (main.Length != 14 || fraction.IsEmpty)
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
            DicomText.TryDigits(fraction[..fractionDigits], out microseconds);
            for (var i = fractionDigits; i < 6; i++)
            {
                microseconds *= 10;
            }

            precision = DicomDateTimePrecision.Fraction;
        }

        if (second == 60)
        {
            second = 59;
            microseconds = 999_999;
        }

        var dateTime = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(microseconds * 10L);
        value = new DicomDateTime(dateTime, offset, precision, fractionDigits);
        return true;
    }

    /// <summary>Parses a DT value or throws <see cref="DicomValueFormatException"/>.</summary>
    public static DicomDateTime Parse(string text) =>
        TryParse(text, out var value) ? value : throw new DicomValueFormatException(DicomVR.DT, text);

    /// <summary>Formats with this value's precision and offset.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(26);
        var v = Value;
        sb.Append(v.Year.ToString("D4", CultureInfo.InvariantCulture));
        var p = Precision;
        if (p >= DicomDateTimePrecision.Month) sb.Append(v.Month.ToString("D2", CultureInfo.InvariantCulture));
        if (p >= DicomDateTimePrecision.Day) sb.Append(v.Day.ToString("D2", CultureInfo.InvariantCulture));
        if (p >= DicomDateTimePrecision.Hour) sb.Append(v.Hour.ToString("D2", CultureInfo.InvariantCulture));
        if (p >= DicomDateTimePrecision.Minute) sb.Append(v.Minute.ToString("D2", CultureInfo.InvariantCulture));
        if (p >= DicomDateTimePrecision.Second) sb.Append(v.Second.ToString("D2", CultureInfo.InvariantCulture));
        if (p == DicomDateTimePrecision.Fraction) DicomTime.AppendFraction(sb, v.Ticks % TimeSpan.TicksPerSecond, FractionDigits);
        if (Offset is { } offset)
        {
            sb.Append(offset < TimeSpan.Zero ? '-' : '+')
                .Append(Math.Abs(offset.Hours).ToString("D2", CultureInfo.InvariantCulture))
                .Append(Math.Abs(offset.Minutes).ToString("D2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
