using System.Globalization;
using System.Text.RegularExpressions;

namespace DictionaryGenerator;

/// <summary>
/// Reads dcmtk's data dictionary (<c>dicom.dic</c>: tab-separated tag, VR, keyword, VM, version)
/// and maps it to PS3.6 terms: dcmtk's pseudo VRs become the standard's VR lists, "RETIRED_"
/// prefixes become the retired flag, and the GENERIC/PRIVATE/ILLEGAL rules (group length, private
/// creator) are left out because the runtime lookup applies them by rule.
/// </summary>
internal static partial class DcmtkDictionaryParser
{
    [GeneratedRegex(@"^\((?<g>[0-9A-F]{4})(?:-(?<gu>[ou]-)?(?<g2>[0-9A-F]{4}))?,(?<e>[0-9A-F]{4})(?:-(?<eu>[ou]-)?(?<e2>[0-9A-F]{4}))?\)$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"PS ?3\.6-(?<v>\d{4}[a-z]?)", RegexOptions.CultureInvariant)]
    private static partial Regex EditionPattern();

    /// <summary>Per-tag VR lists where dcmtk's pseudo VR is wider or narrower than PS3.6 says.</summary>
    private static readonly Dictionary<string, string[]> VrOverrides = new(StringComparer.Ordinal)
    {
        // PS3.6: LUT Data is "US or OW"; Gray Lookup Table Data (retired) is "US or SS or OW".
        ["0028,3006"] = ["US", "OW"],
        ["0028,1200"] = ["US", "SS", "OW"],
    };

    /// <summary>Parses the file; <paramref name="edition"/> is the PS3.6 edition named in its header, or "unknown".</summary>
    public static IReadOnlyList<DictionaryRow> Parse(string path, out string edition)
    {
        edition = "unknown";
        var rows = new List<DictionaryRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                var match = EditionPattern().Match(line);
                if (match.Success && edition == "unknown")
                {
                    edition = match.Groups["v"].Value;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 5)
            {
                throw new FormatException($"{path}:{lineNumber}: expected 5 tab-separated fields, found {fields.Length}");
            }

            var (tagText, vr, keyword, vm, version) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
            if (version is "GENERIC" or "PRIVATE" or "ILLEGAL")
            {
                continue;
            }

            var tag = TagPattern().Match(tagText);
            if (!tag.Success)
            {
                throw new FormatException($"{path}:{lineNumber}: unrecognised tag {tagText}");
            }

            var group = RangePattern(tag.Groups["g"].Value, tag.Groups["g2"].Value, path, lineNumber);
            var element = RangePattern(tag.Groups["e"].Value, tag.Groups["e2"].Value, path, lineNumber);
            var retired = version.EndsWith("/retired", StringComparison.Ordinal) || keyword.StartsWith("RETIRED_", StringComparison.Ordinal);
            if (keyword.StartsWith("RETIRED_", StringComparison.Ordinal))
            {
                keyword = keyword["RETIRED_".Length..];
            }

            var key = $"{group},{element}";
            var allowed = VrOverrides.TryGetValue(key, out var overridden) ? overridden : MapVr(vr, path, lineNumber);
            rows.Add(new DictionaryRow(group, element, ImplicitChoice(allowed), allowed, vm, keyword, retired));
        }

        rows.Sort((a, b) => a.SortKey.CompareTo(b.SortKey));
        return rows;
    }

    /// <summary>"6000".."60FF" → "60xx"; a single value stays as it is. Only whole low-byte ranges occur in the standard.</summary>
    private static string RangePattern(string low, string high, string path, int lineNumber)
    {
        if (high.Length == 0)
        {
            return low;
        }

        if (low[..2] != high[..2] || low[2..] != "00" || high[2..] != "FF")
        {
            throw new FormatException($"{path}:{lineNumber}: range {low}-{high} is not an xx range");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{low[..2]}xx");
    }

    /// <summary>
    /// The VR to assume when reading Implicit VR, where PS3.6 allows several: OW whenever OW is
    /// allowed (PS3.5 A.1 and A.2: Pixel, Overlay, Waveform and LUT Data are OW in Implicit VR
    /// Little Endian), else the first listed (US for "US or SS", refined from Pixel Representation
    /// by the reader if it wants).
    /// </summary>
    private static string ImplicitChoice(string[] allowed) =>
        allowed.Length == 0 ? "" : allowed.Contains("OW") ? "OW" : allowed[0];

    /// <summary>
    /// dcmtk pseudo VRs to the standard's lists, in PS3.6 order: xs is "US or SS"; ox and px are
    /// "OB or OW"; lt is "US or OW"; up is UL; na (items, delimiters) has no VR.
    /// </summary>
    private static string[] MapVr(string vr, string path, int lineNumber) => vr switch
    {
        "xs" => ["US", "SS"],
        "ox" or "px" => ["OB", "OW"],
        "lt" => ["US", "OW"],
        "up" => ["UL"],
        "na" => [],
        _ when vr.Length == 2 && vr.All(char.IsAsciiLetterUpper) => [vr],
        _ => throw new FormatException($"{path}:{lineNumber}: unknown VR {vr}"),
    };
}
