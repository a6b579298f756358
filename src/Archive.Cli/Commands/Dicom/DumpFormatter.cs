using System.Globalization;
using System.Text;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// Renders a file as dcmdump does: one line per element — tag, VR, value, then "# length, VM
/// keyword" — with items and delimiters of nested sequences indented by two spaces per level. Long
/// values are shortened unless <see cref="PrintAll"/>. Stateless apart from its options.
/// </summary>
public sealed class DumpFormatter
{
    private const int ValueColumn = 40;
    private const int MaxShownValues = 16;

    /// <summary>Print long values completely (dcmdump +L).</summary>
    public bool PrintAll { get; init; }

    /// <summary>The whole dump of <paramref name="file"/>.</summary>
    public string Format(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sb = new StringBuilder();
        sb.AppendLine("# Dicom-File-Format").AppendLine();
        sb.AppendLine("# Dicom-Meta-Information-Header");
        sb.AppendLine("# Used TransferSyntax: Little Endian Explicit");
        AppendDataset(sb, file.FileMetaInformation, 0);
        sb.AppendLine().AppendLine("# Dicom-Data-Set");
        sb.Append("# Used TransferSyntax: ").AppendLine(file.TransferSyntax.Name);
        AppendDataset(sb, file.Dataset, 0);
        return sb.ToString();
    }

    /// <summary>Appends one dataset's lines at <paramref name="depth"/>.</summary>
    public void AppendDataset(StringBuilder sb, DicomDataset dataset, int depth)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    var kind = sequence.HasUndefinedLength ? "undefined" : "explicit";
                    Line(sb, depth, element.Tag, DicomVRInfo.Code(DicomVR.SQ), $"(Sequence with {kind} length #={sequence.Items.Count})", sequence.HasUndefinedLength ? "u/l" : "-", "1", Keyword(element.Tag));
                    foreach (var item in sequence.Items)
                    {
                        var itemKind = item.HasUndefinedLength ? "undefined" : "explicit";
                        Line(sb, depth + 1, DicomTag.Item, "na", $"(Item with {itemKind} length #={item.Dataset.Count})", item.HasUndefinedLength ? "u/l" : "-", "1", "Item");
                        AppendDataset(sb, item.Dataset, depth + 2);
                        Line(sb, depth + 1, DicomTag.ItemDelimitationItem, "na", item.HasUndefinedLength ? "(ItemDelimitationItem)" : "(ItemDelimitationItem for re-encoding)", "0", "0", "ItemDelimitationItem");
                    }

                    Line(sb, depth, DicomTag.SequenceDelimitationItem, "na", sequence.HasUndefinedLength ? "(SequenceDelimitationItem)" : "(SequenceDelimitationItem for re-encod.)", "0", "0", "SequenceDelimitationItem");
                    break;

                case DicomFragmentSequence fragments:
                    Line(sb, depth, element.Tag, DicomVRInfo.Code(element.VR), $"(PixelSequence #={fragments.Fragments.Count + 1})", "u/l", "1", Keyword(element.Tag));
                    Line(sb, depth + 1, DicomTag.Item, "pi", fragments.OffsetTable.IsEmpty ? "(no value available)" : Hex(fragments.OffsetTable.Span, 1), Num(fragments.OffsetTable.Length), "1", "Item");
                    foreach (var fragment in fragments.Fragments)
                    {
                        Line(sb, depth + 1, DicomTag.Item, "pi", Hex(fragment.Span, 1), Num(fragment.Length), "1", "Item");
                    }

                    Line(sb, depth, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", "0", "SequenceDelimitationItem");
                    break;

                case DicomValueElement value:
                    Line(sb, depth, element.Tag, DicomVRInfo.Code(element.VR), FormatValue(dataset, value), Num(value.Length), Num(value.Multiplicity), Keyword(element.Tag));
                    break;
            }
        }
    }

    /// <summary>The value column of an element: [text], numbers joined by \, hex for OB/OW/UN.</summary>
    public string FormatValue(DicomDataset dataset, DicomValueElement element)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(element);
        if (element.Length == 0)
        {
            return "(no value available)";
        }

        var vr = element.VR;
        if (DicomVRInfo.IsString(vr))
        {
            var text = dataset.GetText(element.Tag) ?? string.Empty;
            return "[" + Shorten(text) + "]";
        }

        return vr switch
        {
            DicomVR.OB or DicomVR.UN => Hex(element.Value.Span, 1),
            DicomVR.OW => Hex(element.Value.Span, 2),
            DicomVR.OL => Hex(element.Value.Span, 4),
            DicomVR.OV => Hex(element.Value.Span, 8),
            _ => Numbers(element),
        };
    }

    private string Numbers(DicomValueElement element)
    {
        var count = element.Multiplicity;
        var shown = PrintAll ? count : Math.Min(count, MaxShownValues);
        var parts = new List<string>(shown);
        for (var i = 0; i < shown; i++)
        {
            parts.Add(element.VR switch
            {
                DicomVR.AT when element.TryGetTag(i, out var tag) => tag.ToString(),
                DicomVR.UL when element.TryGetUInt32(i, out var u) => u.ToString(CultureInfo.InvariantCulture),
                DicomVR.FL or DicomVR.FD or DicomVR.OF or DicomVR.OD when element.TryGetDouble(i, out var d) => d.ToString("G", CultureInfo.InvariantCulture),
                DicomVR.SV => BitConverter.ToInt64(element.Value.Span[(i * 8)..]).ToString(CultureInfo.InvariantCulture),
                DicomVR.UV => BitConverter.ToUInt64(element.Value.Span[(i * 8)..]).ToString(CultureInfo.InvariantCulture),
                _ when element.TryGetInt32(i, out var n) => n.ToString(CultureInfo.InvariantCulture),
                _ => "?",
            });
        }

        return string.Join('\\', parts) + (shown < count ? "..." : string.Empty);
    }

    private string Hex(ReadOnlySpan<byte> bytes, int unit)
    {
        var count = bytes.Length / unit;
        var shown = PrintAll ? count : Math.Min(count, MaxShownValues);
        var sb = new StringBuilder();
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                sb.Append('\\');
            }

            for (var b = unit - 1; b >= 0; b--)
            {
                sb.Append(bytes[(i * unit) + b].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return shown < count ? sb.Append("...").ToString() : sb.ToString();
    }

    private string Shorten(string text) => PrintAll || text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Keyword(DicomTag tag) =>
        tag.IsPrivate && !tag.IsPrivateCreator ? "PrivateTag"
        : DicomDictionary.TryGet(tag, out var entry) ? entry.Keyword : "Unknown Tag & Data";

    private static void Line(StringBuilder sb, int depth, DicomTag tag, string vr, string value, string length, string vm, string keyword)
    {
        var start = sb.Length;
        sb.Append(' ', depth * 2).Append(tag).Append(' ').Append(vr).Append(' ').Append(value);
        var width = sb.Length - start;
        var column = ValueColumn + 12 + (depth * 2);
        sb.Append(' ', Math.Max(1, column - width));
        sb.Append("# ").Append(length.PadLeft(3)).Append(", ").Append(vm).Append(' ').AppendLine(keyword);
    }
}
