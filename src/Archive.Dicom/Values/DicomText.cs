namespace Archive.Dicom.Values;

/// <summary>Small helpers shared by the value parsers. Stateless.</summary>
internal static class DicomText
{
    /// <summary>Removes the padding real files leave around values: spaces and NULs at both ends.</summary>
    public static ReadOnlySpan<char> TrimPadding(ReadOnlySpan<char> text) => text.Trim(" \0");

    /// <summary>Parses exactly <paramref name="digits"/>.Length ASCII digits; false on anything else.</summary>
    public static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
