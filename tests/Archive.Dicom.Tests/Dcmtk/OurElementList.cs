using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Dcmtk;

/// <summary>Our dataset flattened into what dcmdump prints, for comparison: values for text and integer VRs, lengths for the rest.</summary>
internal static class OurElementList
{
    public static List<DcmdumpLine> Flatten(DicomDataset dataset, int depth = 0)
    {
        var lines = new List<DcmdumpLine>();
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    lines.Add(new DcmdumpLine(depth, element.Tag, "SQ", string.Empty, "-"));
                    foreach (var item in sequence.Items)
                    {
                        lines.AddRange(Flatten(item.Dataset, depth + 2));
                    }

                    break;
                case DicomFragmentSequence fragments:
                    lines.Add(new DcmdumpLine(depth, element.Tag, DicomVRInfo.Code(element.VR), string.Empty, "u/l"));
                    lines.Add(new DcmdumpLine(depth + 1, DicomTag.Item, "pi", string.Empty, fragments.OffsetTable.Length.ToString(CultureInfo.InvariantCulture)));
                    foreach (var fragment in fragments.Fragments)
                    {
                        lines.Add(new DcmdumpLine(depth + 1, DicomTag.Item, "pi", string.Empty, fragment.Length.ToString(CultureInfo.InvariantCulture)));
                    }

                    break;
                case DicomValueElement value:
                    lines.Add(new DcmdumpLine(depth, element.Tag, DicomVRInfo.Code(element.VR), Comparable(dataset, value), value.Length.ToString(CultureInfo.InvariantCulture)));
                    break;
            }
        }

        return lines;
    }

    /// <summary>Normalises both sides to what is compared: lines with comparable values keep them; others keep only tag, VR and length.</summary>
    public static DcmdumpLine Normalise(DcmdumpLine line)
    {
        line = line.VR == "??" ? line with { VR = "UN" } : line;
        return NormaliseKnown(line.Value == "(no value available)" ? line with { Value = "[]" } : line);
    }

    /// <summary>dcmdump +U8 prints the UTF-8 length of converted text, so text VRs affected by the character set compare by value only.</summary>
    private static DcmdumpLine NormaliseKnown(DcmdumpLine line) => line.VR switch
    {
        "PN" or "LO" or "SH" or "ST" or "LT" or "UT" or "UC" => line with { Length = string.Empty },
        "SQ" => line with { Value = string.Empty, Length = "-" },
        "pi" => line with { Value = string.Empty },
        "OB" or "OW" or "UN" or "FD" or "FL" or "OF" or "OD" or "OL" or "AT" when line.Tag.Group != 0 => line with { Value = string.Empty },
        _ => line,
    };

    private static string Comparable(DicomDataset dataset, DicomValueElement value)
    {
        if (value.Length == 0)
        {
            return "[]";
        }

        if (DicomVRInfo.IsString(value.VR))
        {
            return "[" + dataset.GetText(value.Tag) + "]";
        }

        if (value.VR is DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL)
        {
            var parts = new List<string>();
            for (var i = 0; i < value.Multiplicity; i++)
            {
                parts.Add(value.TryGetUInt32(i, out var u) && value.VR is DicomVR.UL or DicomVR.US
                    ? u.ToString(CultureInfo.InvariantCulture)
                    : value.TryGetInt32(i, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "?");
            }

            return string.Join('\\', parts);
        }

        return string.Empty;
    }
}
