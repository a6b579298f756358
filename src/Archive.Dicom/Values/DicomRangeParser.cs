using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>Parses DA, TM and DT range matching values ("A-B", "A-", "-B", "A"). Stateless.</summary>
public static class DicomRangeParser
{
    /// <summary>Parses a DA range.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DicomRange<DateOnly> range) =>
        TryParse(text, DicomDate.TryParse, out range);

    /// <summary>Parses a TM range.</summary>
    public static bool TryParseTime(ReadOnlySpan<char> text, out DicomRange<DicomTime> range) =>
        TryParse(text, DicomTime.TryParse, out range);

    /// <summary>Parses a DT range; a "-" may also be an offset sign, so every split is tried and the one where both sides parse wins.</summary>
    public static bool TryParseDateTime(ReadOnlySpan<char> text, out DicomRange<DicomDateTime> range) =>
        TryParse(text, DicomDateTime.TryParse, out range);

    /// <summary>Parses a range of <paramref name="vr"/> (DA, TM or DT) and reports whether it is well formed, for validating query keys.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, DicomVR vr) => vr switch
    {
        DicomVR.DA => TryParseDate(text, out _),
        DicomVR.TM => TryParseTime(text, out _),
        DicomVR.DT => TryParseDateTime(text, out _),
        _ => false,
    };

    private delegate bool SpanParser<T>(ReadOnlySpan<char> text, out T value);

    private static bool TryParse<T>(ReadOnlySpan<char> text, SpanParser<T> parse, out DicomRange<T> range)
        where T : struct
    {
        range = default;
        text = DicomText.TrimPadding(text);
        if (text.IsEmpty || text.SequenceEqual("-"))
        {
            return false;
        }

        if (!text.Contains('-') || (typeof(T) == typeof(DicomDateTime) && parse(text, out _)))
        {
            if (!parse(text, out var single))
            {
                return false;
            }

            range = new DicomRange<T>(single, single, false);
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '-')
            {
                continue;
            }

            var left = text[..i];
            var right = text[(i + 1)..];
            T? lower = null, upper = null;
            if (!left.IsEmpty)
            {
                if (!parse(left, out var l))
                {
                    continue;
                }

                lower = l;
            }

            if (!right.IsEmpty)
            {
                if (!parse(right, out var u))
                {
                    continue;
                }

                upper = u;
            }

            range = new DicomRange<T>(lower, upper, true);
            return true;
        }

        return false;
    }
}
