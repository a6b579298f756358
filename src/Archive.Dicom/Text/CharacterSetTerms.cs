using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Dicom.Text;

/// <summary>
/// The table of defined terms. Code-page encodings come straight from
/// <see cref="CodePagesEncodingProvider"/>, so nothing global is registered; the table is built
/// once and immutable.
/// </summary>
internal static partial class CharacterSetTerms
{
    private static readonly FrozenDictionary<string, CharacterSetTerm> Table = Build();

    /// <summary>Latin-1, used to decode the default repertoire tolerantly (bytes ≥ 0x80 in "ASCII" files are almost always Latin-1).</summary>
    public static Encoding Latin1 => Encoding.Latin1;

    /// <summary>The default repertoire, ISO_IR 6.</summary>
    public static CharacterSetTerm Default => Table["ISO_IR 6"];

    [GeneratedRegex(@"^ISO[ _-]?IR[ _-]?(?<n>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SloppyIsoIr();

    [GeneratedRegex(@"^ISO[ _-]?2022[ _-]?IR[ _-]?(?<n>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SloppyIso2022();

    /// <summary>
    /// Finds a term as written, or a common misspelling of one ("ISO_IR_100", "iso-ir 192",
    /// "UTF-8"), in which case <paramref name="normalized"/> says what it was taken for.
    /// </summary>
    public static bool TryGet(string term, [NotNullWhen(true)] out CharacterSetTerm? definition, out bool normalized)
    {
        normalized = false;
        if (Table.TryGetValue(term, out definition))
        {
            return true;
        }

        var upper = term.Trim().ToUpperInvariant();
        string? candidate = upper switch
        {
            "UTF-8" or "UTF8" or "ISO_IR192" => "ISO_IR 192",
            "GB 18030" or "GB-18030" => "GB18030",
            _ => null,
        };
        if (candidate is null)
        {
            var m = SloppyIso2022().Match(upper);
            if (m.Success)
            {
                candidate = string.Create(CultureInfo.InvariantCulture, $"ISO 2022 IR {int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)}");
            }
            else if ((m = SloppyIsoIr().Match(upper)).Success)
            {
                candidate = string.Create(CultureInfo.InvariantCulture, $"ISO_IR {int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)}");
            }
        }

        normalized = candidate is not null;
        return candidate is not null && Table.TryGetValue(candidate, out definition);
    }

    private static FrozenDictionary<string, CharacterSetTerm> Build()
    {
        var pages = CodePagesEncodingProvider.Instance;
        Encoding Page(int codePage) => pages.GetEncoding(codePage) ?? throw new InvalidOperationException($"code page {codePage} unavailable");

        var shiftJis = Page(932);
        var eucJp = Page(20932);
        var eucKr = Page(51949);
        var gb2312 = Page(936);
        var table = new Dictionary<string, CharacterSetTerm>(StringComparer.Ordinal)
        {
            ["ISO_IR 6"] = new("ISO_IR 6", Encoding.ASCII, false, CodeElement.Ascii, null),
            ["ISO_IR 13"] = new("ISO_IR 13", shiftJis, false, CodeElement.JisRomaji, CodeElement.JisKatakana(shiftJis)),
            ["ISO_IR 192"] = new("ISO_IR 192", new UTF8Encoding(false, false), false, null, null),
            ["GB18030"] = new("GB18030", Page(54936), false, null, null),
            ["GBK"] = new("GBK", Page(936), false, null, null),
            ["ISO 2022 IR 6"] = new("ISO 2022 IR 6", Encoding.ASCII, true, CodeElement.Ascii, null),
            ["ISO 2022 IR 13"] = new("ISO 2022 IR 13", shiftJis, true, CodeElement.JisRomaji, CodeElement.JisKatakana(shiftJis)),
            ["ISO 2022 IR 87"] = new("ISO 2022 IR 87", eucJp, true, CodeElement.Jis0208(eucJp), null),
            ["ISO 2022 IR 159"] = new("ISO 2022 IR 159", eucJp, true, CodeElement.Jis0212(eucJp), null),
            ["ISO 2022 IR 149"] = new("ISO 2022 IR 149", eucKr, true, null, CodeElement.Ksc5601(eucKr)),
            ["ISO 2022 IR 58"] = new("ISO 2022 IR 58", gb2312, true, null, CodeElement.Gb2312(gb2312)),
        };

        // Single-byte sets: ISO_IR n without code extensions, ISO 2022 IR n with (G1 = upper half, designated by ESC - F).
        foreach (var (ir, codePage, final, name) in new (int, int, byte, string)[]
        {
            (100, 28591, 0x41, "ISO 8859-1 (Latin-1)"),
            (101, 28592, 0x42, "ISO 8859-2 (Latin-2)"),
            (109, 28593, 0x43, "ISO 8859-3 (Latin-3)"),
            (110, 28594, 0x44, "ISO 8859-4 (Latin-4)"),
            (144, 28595, 0x4C, "ISO 8859-5 (Cyrillic)"),
            (127, 28596, 0x47, "ISO 8859-6 (Arabic)"),
            (126, 28597, 0x46, "ISO 8859-7 (Greek)"),
            (138, 28598, 0x48, "ISO 8859-8 (Hebrew)"),
            (148, 28599, 0x4D, "ISO 8859-9 (Latin-5)"),
            (203, 28605, 0x62, "ISO 8859-15 (Latin-9)"),
            (166, 874, 0x54, "TIS 620-2533 (Thai)"),
        })
        {
            var encoding = codePage == 28591 ? Encoding.Latin1 : Page(codePage);
            var plain = string.Create(CultureInfo.InvariantCulture, $"ISO_IR {ir}");
            var extended = string.Create(CultureInfo.InvariantCulture, $"ISO 2022 IR {ir}");
            var upper = CodeElement.UpperHalf(name, final, encoding);
            table[plain] = new(plain, encoding, false, CodeElement.Ascii, upper);
            table[extended] = new(extended, encoding, true, CodeElement.Ascii, upper);
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
