using System.Globalization;
using System.Text.RegularExpressions;
using Archive.Dicom.Model;

namespace Archive.Dicom.Tests.Dcmtk;

/// <summary>One element line of dcmdump output: depth, tag, VR, value text, length and VM.</summary>
internal sealed partial record DcmdumpLine(int Depth, DicomTag Tag, string VR, string Value, string Length)
{
    [GeneratedRegex(@"^(?<indent> *)\((?<g>[0-9a-f]{4}),(?<e>[0-9a-f]{4})\) (?<vr>[A-Za-z?]{2}) (?<value>.*?) +# +(?<len>[^,]+), (?<vm>\d+) (?<kw>.*)$")]
    private static partial Regex LinePattern();

    /// <summary>Element lines of a dump, after the "# Dicom-Data-Set" header; sequence item and delimiter lines ("na") are dropped.</summary>
    public static List<DcmdumpLine> ParseDataset(string dump)
    {
        var lines = new List<DcmdumpLine>();
        var inDataset = false;
        foreach (var raw in dump.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                inDataset = true;
                continue;
            }

            var match = LinePattern().Match(line);
            if (!inDataset || !match.Success || match.Groups["vr"].Value == "na")
            {
                continue;
            }

            var tag = new DicomTag(
                ushort.Parse(match.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(match.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            lines.Add(new DcmdumpLine(match.Groups["indent"].Value.Length / 2, tag, match.Groups["vr"].Value, match.Groups["value"].Value, match.Groups["len"].Value.Trim()));
        }

        return lines;
    }

    public override string ToString() => $"{new string(' ', Depth * 2)}{Tag} {VR} {Value} #{Length}";
}
