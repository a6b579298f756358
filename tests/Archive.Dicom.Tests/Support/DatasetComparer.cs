using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Support;

/// <summary>Renders datasets as comparable text: one line per element, nested items indented.</summary>
internal static class DatasetComparer
{
    public static string Describe(DicomDataset dataset, bool withVR = true)
    {
        var sb = new StringBuilder();
        Describe(dataset, sb, 0, withVR);
        return sb.ToString();
    }

    private static void Describe(DicomDataset dataset, StringBuilder sb, int depth, bool withVR)
    {
        foreach (var element in dataset)
        {
            sb.Append(' ', depth * 2).Append(element.Tag);
            if (withVR)
            {
                sb.Append(' ').Append(DicomVRInfo.Code(element.VR));
            }

            switch (element)
            {
                case DicomValueElement v:
                    sb.Append(' ').AppendLine(Convert.ToHexString(v.Value.Span));
                    break;
                case DicomSequence s:
                    sb.Append(" items=").Append(s.Items.Count).AppendLine();
                    foreach (var item in s.Items)
                    {
                        sb.Append(' ', depth * 2 + 1).AppendLine("item");
                        Describe(item.Dataset, sb, depth + 1, withVR);
                    }

                    break;
                case DicomFragmentSequence f:
                    sb.Append(" bot=").Append(Convert.ToHexString(f.OffsetTable.Span));
                    foreach (var fragment in f.Fragments)
                    {
                        sb.Append(" frag=").Append(Convert.ToHexString(fragment.Span));
                    }

                    sb.AppendLine();
                    break;
            }
        }
    }
}
