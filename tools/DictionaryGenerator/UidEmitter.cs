using System.Globalization;
using System.Text;

namespace DictionaryGenerator;

/// <summary>Writes the UID registry table and the <c>DicomUids</c> constants.</summary>
internal static class UidEmitter
{
    public static IEnumerable<GeneratedFile> Emit(IReadOnlyList<UidRow> rows, string source)
    {
        yield return new GeneratedFile("src/Archive.Dicom/Uids/DicomUidRegistryData.Generated.cs", EmitData(rows, source));
        yield return new GeneratedFile("src/Archive.Dicom/Uids/DicomUids.Generated.cs", EmitConstants(rows, source));
    }

    private static string EmitData(IReadOnlyList<UidRow> rows, string source)
    {
        var sb = new StringBuilder(GeneratedFile.Header(source));
        sb.Append("namespace Archive.Dicom.Uids;\n\n");
        sb.Append("/// <summary>The UID registry as text, parsed once by <see cref=\"DicomUidRegistry\"/>.</summary>\n");
        sb.Append("internal static class DicomUidRegistryData\n{\n");
        sb.Append("    /// <summary>Where the table came from.</summary>\n");
        sb.Append("    internal const string Source = \"").Append(source).Append("\";\n\n");
        sb.Append("    /// <summary>Number of lines in <see cref=\"Rows\"/>.</summary>\n");
        sb.Append("    internal const int Count = ").Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append(";\n\n");
        sb.Append("    /// <summary>One UID a line, tab-separated: UID, DicomUidType, flags (R retired, S storage SOP class, - none), keyword, name.</summary>\n");
        sb.Append("    internal const string Rows =\n        \"\"\"\n");
        foreach (var row in rows)
        {
            var flags = (row.IsRetired ? "R" : "") + (row.IsStorage ? "S" : "");
            sb.Append("        ").Append(row.Uid).Append('\t').Append(row.Type).Append('\t')
                .Append(flags.Length == 0 ? "-" : flags).Append('\t').Append(row.Keyword).Append('\t').Append(row.Name).Append('\n');
        }

        sb.Append("        \"\"\";\n}\n");
        return sb.ToString();
    }

    private static string EmitConstants(IReadOnlyList<UidRow> rows, string source)
    {
        var sb = new StringBuilder(GeneratedFile.Header(source));
        sb.Append("namespace Archive.Dicom.Uids;\n\n");
        sb.Append("/// <summary>Every registered UID of the standard by its keyword (PS3.6 Annex A).</summary>\n");
        sb.Append("public static partial class DicomUids\n{\n");
        var first = true;
        foreach (var row in rows)
        {
            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            sb.Append("    /// <summary>").Append(System.Security.SecurityElement.Escape(row.Name)).Append(" (").Append(row.Type);
            if (row.IsStorage)
            {
                sb.Append(", storage");
            }

            if (row.IsRetired)
            {
                sb.Append(", retired");
            }

            sb.Append(").</summary>\n");
            sb.Append("    public const string ").Append(row.Keyword).Append(" = \"").Append(row.Uid).Append("\";\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }
}
