using System.Globalization;
using System.Numerics;
using Archive.Dicom.Model;

namespace Archive.Dicom.Values;

/// <summary>
/// UI values (PS3.5 §9.1): components of digits separated by ".", no leading zero in a
/// component other than "0", at most 64 characters. Generation follows PS3.5 §B.2 (2.25 + UUID
/// as a decimal integer) or appends a random decimal to an organisation root. Stateless.
/// </summary>
public static class DicomUid
{
    /// <summary>Maximum length of a UID (PS3.5 §9.1).</summary>
    public const int MaxLength = 64;

    /// <summary>The UUID-derived root of PS3.5 §B.2.</summary>
    public const string UuidRoot = "2.25";

    /// <summary>True when <paramref name="uid"/> (without padding) is a well-formed UID.</summary>
    public static bool IsValid(ReadOnlySpan<char> uid)
    {
        if (uid.IsEmpty || uid.Length > MaxLength)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(uid[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes UI padding (trailing NULs, and the spaces sloppy writers use) and validates.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out string uid)
    {
        var trimmed = text.Trim(" \0");
        uid = IsValid(trimmed) ? trimmed.ToString() : "";
        return uid.Length > 0;
    }

    /// <summary>Parses a UID or throws <see cref="DicomValueFormatException"/>.</summary>
    public static string Parse(string text) =>
        TryParse(text, out var uid) ? uid : throw new DicomValueFormatException(DicomVR.UI, text);

    /// <summary>A new UID "2.25.&lt;random UUID as an unsigned decimal integer&gt;" (PS3.5 §B.2), at most 44 characters.</summary>
    public static string Generate() => Generate(UuidRoot);

    /// <summary>
    /// A new UID under <paramref name="root"/>: the root, ".", and a random unsigned decimal of up
    /// to 128 bits (fewer when the root is long), never exceeding 64 characters. With the
    /// "2.25" root the random part is a version-4 UUID, as PS3.5 §B.2 prescribes.
    /// </summary>
    /// <exception cref="ArgumentException">The root is not a valid UID or leaves fewer than 10 characters of room.</exception>
    public static string Generate(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!IsValid(root) || root.Length > MaxLength - 11)
        {
            throw new ArgumentException($"'{root}' is not a valid UID root with room for a suffix", nameof(root));
        }

        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var room = MaxLength - root.Length - 1;
        var digits = value.ToString(CultureInfo.InvariantCulture);
        if (digits.Length > room)
        {
            digits = digits[^room..].TrimStart('0');
            if (digits.Length == 0)
            {
                digits = "0";
            }
        }

        return string.Concat(root, ".", digits);
    }
}
