using System.Text;

namespace Archive.Dicom.Network.Pdu;

/// <summary>Application Entity titles: 16 bytes on the wire, space padded; leading and trailing spaces are not significant.</summary>
public static class AeTitle
{
    /// <summary>Wire length of an AE title field.</summary>
    public const int Length = 16;

    /// <summary>
    /// True when <paramref name="title"/> is 1–16 characters of the default repertoire without backslash or
    /// control characters and not only spaces (PS3.5 Table 6.2-1, AE).
    /// </summary>
    public static bool IsValid(string? title)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > Length)
        {
            return false;
        }

        foreach (char c in title)
        {
            if (c < 0x20 || c > 0x7E || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <see cref="IsValid"/>; returns the trimmed title.</summary>
    public static string Validate(string title, string paramName)
    {
        string trimmed = title?.Trim(' ') ?? string.Empty;
        if (!IsValid(trimmed))
        {
            ThrowHelper.ThrowArgument(paramName, $"'{title}' is not a valid AE title (1-16 printable ASCII characters, no backslash)");
        }

        return trimmed;
    }

    /// <summary>Decodes a 16-byte field, trimming padding (spaces and NULs). Invalid characters are kept so the acceptor can reject them.</summary>
    internal static string Decode(ReadOnlySpan<byte> field) => Encoding.Latin1.GetString(field).Trim(' ', '\0');

    /// <summary>Writes <paramref name="title"/> space padded into a 16-byte field.</summary>
    internal static void Encode(string title, Span<byte> field)
    {
        field[..Length].Fill((byte)' ');
        int n = Math.Min(title.Length, Length);
        for (int i = 0; i < n; i++)
        {
            field[i] = (byte)title[i];
        }
    }
}
