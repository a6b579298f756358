using System.Globalization;
using System.Text;

namespace Archive.Catalog.Matching;

/// <summary>
/// Person-name folding as PACS users expect: case-insensitive and accent-insensitive
/// ("Hélène Müller" matches "HELENE MULLER"), trailing spaces ignored. Pure; thread-safe.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        // Ligatures and letters without a decomposition that French and German names use.
        return builder.ToString().Normalize(NormalizationForm.FormC)
            .Replace("Œ", "OE", StringComparison.Ordinal)
            .Replace("Æ", "AE", StringComparison.Ordinal)
            .Replace("ß", "SS", StringComparison.Ordinal)
            .Replace("Ø", "O", StringComparison.Ordinal);
    }
}
