using System.Globalization;
using System.Text;

namespace DictionaryGenerator;

/// <summary>
/// Writes the data dictionary as one compact text table (one line per element, parsed once at
/// first use by <c>DicomDictionary</c>) and the <c>DicomTags</c> keyword constants.
/// </summary>
internal static class DictionaryEmitter
{
    public static IEnumerable<GeneratedFile> Emit(IReadOnlyList<DictionaryRow> rows, string source)
    {
        yield return new GeneratedFile("src/Archive.Dicom/Dictionary/DicomDictionaryData.Generated.cs", EmitData(rows, source));
        yield return new GeneratedFile("src/Archive.Dicom/Dictionary/DicomTags.Generated.cs", EmitTags(rows, source));
    }

    private static string EmitData(IReadOnlyList<DictionaryRow> rows, string source)
    {
        var sb = new StringBuilder(GeneratedFile.Header(source));
        sb.Append("namespace Archive.Dicom.Dictionary;\n\n");
        sb.Append("/// <summary>The data dictionary as text, parsed once by <see cref=\"DicomDictionary\"/>.</summary>\n");
        sb.Append("internal static class DicomDictionaryData\n{\n");
        sb.Append("    /// <summary>Where the table came from.</summary>\n");
        sb.Append("    internal const string Source = \"").Append(source.Replace("\"", "'", StringComparison.Ordinal)).Append("\";\n\n");
        sb.Append("    /// <summary>Number of lines in <see cref=\"Rows\"/>.</summary>\n");
        sb.Append("    internal const int Count = ").Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append(";\n\n");
        sb.Append("    /// <summary>\n");
        sb.Append("    /// One element a line: group,element (xx = repeating range), Implicit VR choice (-- for none),\n");
        sb.Append("    /// allowed VRs separated by '/' (- for none), VM, keyword, and R when retired. Sorted by tag.\n");
        sb.Append("    /// </summary>\n");
        sb.Append("    internal const string Rows =\n        \"\"\"\n");
        foreach (var row in rows)
        {
            sb.Append("        ").Append(row.Group).Append(',').Append(row.Element).Append(' ')
                .Append(row.Vr.Length == 0 ? "--" : row.Vr).Append(' ')
                .Append(row.AllowedVrs.Count == 0 ? "-" : string.Join('/', row.AllowedVrs)).Append(' ')
                .Append(row.Vm).Append(' ')
                .Append(row.Keyword);
            if (row.IsRetired)
            {
                sb.Append(" R");
            }

            sb.Append('\n');
        }

        sb.Append("        \"\"\";\n}\n");
        return sb.ToString();
    }

    private static string EmitTags(IReadOnlyList<DictionaryRow> rows, string source)
    {
        var sb = new StringBuilder(GeneratedFile.Header(source));
        sb.Append("using Archive.Dicom.Model;\n\n");
        sb.Append("namespace Archive.Dicom.Dictionary;\n\n");
        sb.Append("/// <summary>\n");
        sb.Append("/// Every tag of the data dictionary by its PS3.6 keyword. Properties rather than fields so the\n");
        sb.Append("/// class has no static constructor: each is a constant the JIT folds. Repeating-group tags\n");
        sb.Append("/// (60xx, 50xx, 7Fxx) give the first group of the range.\n");
        sb.Append("/// </summary>\n");
        sb.Append("public static partial class DicomTags\n{\n");
        var first = true;
        foreach (var row in rows)
        {
            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            var group = row.Group.Replace("xx", "00", StringComparison.Ordinal);
            var element = row.Element.Replace("xx", "00", StringComparison.Ordinal);
            sb.Append("    /// <summary>(").Append(row.Group).Append(',').Append(row.Element).Append(") ")
                .Append(row.AllowedVrs.Count == 0 ? "no VR" : string.Join(" or ", row.AllowedVrs))
                .Append(", VM ").Append(row.Vm);
            if (row.IsRetired)
            {
                sb.Append(", retired");
            }

            sb.Append(".</summary>\n");
            sb.Append("    public static DicomTag ").Append(row.Keyword).Append(" => new(0x").Append(group).Append(", 0x").Append(element).Append(");\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }
}
