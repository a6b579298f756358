using System.Text;
using System.Text.RegularExpressions;

namespace DictionaryGenerator;

/// <summary>
/// Builds the UID registry from dcmtk's <c>dcuid.h</c> (Debian package libdcmtk-dev), whose
/// section comments give each UID's kind, plus a hand-curated supplement (PS3.6 Table A-1 rows
/// that dcmtk words differently or that the standard added after dcmtk's release). A supplement
/// row replaces the header's row for the same UID. Keywords are turned into PS3.6 style
/// ("FINDStudyRoot…" → "StudyRoot…Find", "…SOPClass" dropped); names of rows that only the header
/// has are derived from the keyword.
/// </summary>
internal static partial class UidSources
{
    [GeneratedRegex(@"^#define\s+UID_(?<name>\w+)\s+""(?<uid>[0-9.]+)""")]
    private static partial Regex DefinePattern();

    [GeneratedRegex(@"^//\s*(?<section>[^/].*)$")]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"^/\*\s*(?<section>.*?)\s*\*/$")]
    private static partial Regex BlockSectionPattern();

    public static IReadOnlyList<UidRow> Load(string headerPath, string supplementPath)
    {
        var rows = new Dictionary<string, UidRow>(StringComparer.Ordinal);
        var section = "";
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(headerPath))
        {
            lineNumber++;
            var line = raw.Trim();
            var sectionMatch = SectionPattern().Match(line);
            if (sectionMatch.Success && !line.StartsWith("///", StringComparison.Ordinal))
            {
                section = sectionMatch.Groups["section"].Value;
                continue;
            }

            var block = BlockSectionPattern().Match(line);
            if (block.Success)
            {
                section = block.Groups["section"].Value;
                continue;
            }

            var define = DefinePattern().Match(line);
            if (!define.Success)
            {
                continue;
            }

            var uid = define.Groups["uid"].Value;
            if (!uid.StartsWith("1.2.840.10008.", StringComparison.Ordinal) || uid.EndsWith('.'))
            {
                continue; // private (OFFIS, GE) or a prefix
            }

            var row = FromDcmtk(define.Groups["name"].Value, uid, section);
            if (!rows.TryAdd(uid, row))
            {
                throw new FormatException($"{headerPath}:{lineNumber}: UID {uid} defined twice");
            }
        }

        foreach (var row in ReadSupplement(supplementPath))
        {
            rows[row.Uid] = row;
        }

        // PS3.6 tells a retired UID from its live successor of the same name with a "Retired" suffix.
        var live = rows.Values.Where(r => !r.IsRetired).Select(r => r.Keyword).ToHashSet(StringComparer.Ordinal);
        var list = rows.Values
            .Select(r => r.IsRetired && live.Contains(r.Keyword) ? r with { Keyword = r.Keyword + "Retired", Name = r.Name + " (Retired)" } : r)
            .OrderBy(r => r, UidOrder.Instance)
            .ToList();
        var duplicate = list.GroupBy(r => r.Keyword, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"keyword {duplicate.Key} is used by {string.Join(", ", duplicate.Select(r => r.Uid))}; add supplement rows to tell them apart");
        }

        return list;
    }

    private static UidRow FromDcmtk(string name, string uid, string section)
    {
        var retired = false;
        var suffix = "";
        if (name.StartsWith("RETIRED_", StringComparison.Ordinal))
        {
            retired = true;
            name = name["RETIRED_".Length..];
        }
        else if (name.StartsWith("DRAFT_", StringComparison.Ordinal))
        {
            // Frozen-draft UIDs: PS3.6 lists them as "… - Trial (Retired)".
            retired = true;
            suffix = "Trial";
            name = name["DRAFT_".Length..];
        }

        var type = Classify(name, section);
        // Every "...Storage" SOP class is a Storage SOP Class, and so is every "...StorageForPresentation" and
        // "...StorageForProcessing" one (DX, mammography, intra-oral, breast projection, IVOCT, DICOS), except the
        // DICOMDIR's Media Storage Directory Storage.
        var isStorage = type == "SopClass" && name != "MediaStorageDirectoryStorage"
            && (name.EndsWith("Storage", StringComparison.Ordinal) || name.EndsWith("StorageForPresentation", StringComparison.Ordinal) || name.EndsWith("StorageForProcessing", StringComparison.Ordinal));
        var keyword = ToKeyword(name) + suffix;
        var readable = Humanize(ToKeyword(name.Replace("SOPClass", "", StringComparison.Ordinal).Replace("SOPInstance", "", StringComparison.Ordinal)))
            + (name.EndsWith("SOPClass", StringComparison.Ordinal) ? " SOP Class" : name.EndsWith("SOPInstance", StringComparison.Ordinal) ? " SOP Instance" : "")
            + (suffix.Length > 0 ? " - Trial" : "");
        return new UidRow(uid, type, retired, isStorage, keyword, readable);
    }

    private static string Classify(string name, string section)
    {
        if (section.StartsWith("Configuration Management LDAP", StringComparison.Ordinal)) return "LdapOid";
        if (name.EndsWith("TransferSyntax", StringComparison.Ordinal)) return "TransferSyntax";
        if (name == "StandardApplicationContext") return "ApplicationContextName";
        if (name.EndsWith("MetaSOPClass", StringComparison.Ordinal)) return "MetaSopClass";
        if (name.EndsWith("ServiceClass", StringComparison.Ordinal)) return "ServiceClass";
        if (name.EndsWith("SOPInstance", StringComparison.Ordinal)) return "WellKnownSopInstance";
        if (section.StartsWith("Well-known Frame", StringComparison.Ordinal)) return "WellKnownFrameOfReference";
        if (section.StartsWith("UTC Synchronization", StringComparison.Ordinal)) return "SynchronizationFrameOfReference";
        if (section.StartsWith("Coding Schemes", StringComparison.Ordinal)) return "CodingScheme";
        if (section.StartsWith("Mapping Resources", StringComparison.Ordinal)) return "MappingResource";
        if (section.StartsWith("Application Hosting", StringComparison.Ordinal)) return "ApplicationHostingModel";
        return "SopClass";
    }

    /// <summary>dcmtk names to PS3.6-style keywords.</summary>
    private static string ToKeyword(string name)
    {
        foreach (var prefix in new[] { "DICOS_", "DICONDE_" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = prefix.TrimEnd('_') + name[prefix.Length..];
            }
        }

        if (name.StartsWith("LDAP_", StringComparison.Ordinal))
        {
            name = name["LDAP_".Length..];
            return char.ToUpperInvariant(name[0]) + name[1..];
        }

        foreach (var (verb, tail) in new[] { ("FIND", "Find"), ("MOVE", "Move"), ("GET", "Get") })
        {
            if (name.StartsWith(verb, StringComparison.Ordinal) && name.Length > verb.Length && char.IsUpper(name[verb.Length]) && char.IsLower(name[verb.Length + 1]))
            {
                name = name[verb.Length..] + tail;
            }
        }

        name = name.Replace("MetaSOPClass", "Meta", StringComparison.Ordinal)
            .Replace("SOPClass", "", StringComparison.Ordinal)
            .Replace("SOPInstance", "Instance", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal);
        return name;
    }

    /// <summary>"CTImageStorage" → "CT Image Storage"; "XAXRFGrayscale…" keeps the acronym run together.</summary>
    internal static string Humanize(string keyword)
    {
        var sb = new StringBuilder(keyword.Length + 8);
        for (var i = 0; i < keyword.Length; i++)
        {
            var c = keyword[i];
            if (i > 0)
            {
                var prev = keyword[i - 1];
                var nextIsLower = i + 1 < keyword.Length && char.IsLower(keyword[i + 1]);
                var boundary = (char.IsUpper(c) && (char.IsLower(prev) || (char.IsUpper(prev) && nextIsLower)))
                    || (char.IsDigit(c) && char.IsLetter(prev) && char.IsLower(prev));
                if (boundary)
                {
                    sb.Append(' ');
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static IEnumerable<UidRow> ReadSupplement(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length != 5 || f[2] is not ("0" or "1") || f[3].Length == 0 || !f[3].All(char.IsAsciiLetterOrDigit))
            {
                throw new FormatException($"{path}:{lineNumber}: expected uid, type, retired (0/1), keyword, name separated by tabs");
            }

            var type = f[1];
            var isStorage = type == "StorageSopClass";
            yield return new UidRow(f[0], isStorage ? "SopClass" : type, f[2] == "1", isStorage, f[3], f[4]);
        }
    }

    /// <summary>Orders UIDs component by component, numerically.</summary>
    private sealed class UidOrder : IComparer<UidRow>
    {
        public static readonly UidOrder Instance = new();

        public int Compare(UidRow? x, UidRow? y)
        {
            var a = x!.Uid.Split('.');
            var b = y!.Uid.Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
