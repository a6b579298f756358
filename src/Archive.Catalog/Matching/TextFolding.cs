using System.Globalization;
using System.Text;

namespace Archive.Catalog.Matching;

/// <summary>
/// Person-name folding as PACS users expect: case-insensitive and accent-insensitive
/// ("Hélène Müller" matches "HELENE MULLER", "Łukasiewicz" matches "LUKASIEWICZ", "Işık" matches "ISIK"),
/// trailing spaces ignored. The catalog's name index holds folded names, so a change here bumps
/// <see cref="Version"/> and a node re-derives its name keys once at start. Pure; thread-safe.
/// </summary>
public static class TextFolding
{
    /// <summary>Version 2 added the letters without a decomposition that Polish, Croatian, Turkish, Maltese, Sámi and Icelandic names use.</summary>
    public const uint Version = 2;

    /// <summary>Upper-case letters (and ligatures) that Unicode does not decompose into a base letter and a mark.</summary>
    private static readonly (string Letter, string Base)[] Undecomposed =
    [
        ("Œ", "OE"), ("Æ", "AE"), ("ß", "SS"), ("ẞ", "SS"), ("Ø", "O"), ("Ł", "L"), ("Đ", "D"), ("Ð", "D"), ("Þ", "TH"),
        ("Ħ", "H"), ("Ŧ", "T"), ("Ŋ", "N"), ("Ŀ", "L"),
    ];

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var dropMarks = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                if (!dropMarks)
                {
                    builder.Append(c); // a Japanese voicing mark, a Thai or Indic vowel sign: part of the letter, not an accent
                }

                continue;
            }

            dropMarks = HasOptionalMarks(c);
            builder.Append(c switch
            {
                'ı' => 'I', // Turkish dotless i: the invariant culture upper-cases it to itself
                'ĸ' => 'K',
                'ſ' => 'S',
                _ => char.ToUpperInvariant(c),
            });
        }

        var folded = builder.ToString().Normalize(NormalizationForm.FormC);
        foreach (var (letter, letterBase) in Undecomposed)
        {
            folded = folded.Replace(letter, letterBase, StringComparison.Ordinal);
        }

        return folded;
    }

    /// <summary>
    /// Scripts whose marks users leave out when they search: accents of Latin, Greek and Cyrillic letters, Hebrew points,
    /// Arabic vowel signs. Elsewhere (kana, Thai, Indic scripts) a mark changes the letter and stays.
    /// </summary>
    private static bool HasOptionalMarks(char c) => c switch
    {
        <= '\u024F' => true, // Basic Latin to Latin Extended-B
        >= '\u0370' and <= '\u052F' => true, // Greek, Cyrillic
        >= '\u0590' and <= '\u06FF' => true, // Hebrew, Arabic
        >= '\u0750' and <= '\u077F' => true, // Arabic Supplement
        >= '\u1E00' and <= '\u1FFF' => true, // Latin Extended Additional, Greek Extended
        >= '\u2C60' and <= '\u2C7F' => true, // Latin Extended-C
        >= '\uA720' and <= '\uA7FF' => true, // Latin Extended-D
        >= '\uFF00' and <= '\uFF5E' => true, // full-width Latin
        _ => false,
    };
}
