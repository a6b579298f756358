using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Archive.Dicom.Model;

namespace Archive.Dicom.Dictionary;

/// <summary>
/// The parsed form of <see cref="DicomDictionaryData.Rows"/>: exact tags in a sorted array for
/// binary search, repeating ranges in a short list scanned by mask. Immutable after construction.
/// </summary>
internal sealed class DicomDictionaryTable
{
    /// <summary>The one table, parsed on first use.</summary>
    public static readonly DicomDictionaryTable Instance = Parse(DicomDictionaryData.Rows);

    private static readonly DicomVR[] NoVRs = [];
    private static readonly DicomVR[] OnlyUL = [DicomVR.UL];
    private static readonly DicomVR[] OnlyLO = [DicomVR.LO];

    private readonly uint[] _tags;
    private readonly DicomDictionaryEntry[] _exact;
    private readonly RepeatingEntry[] _repeating;

    private DicomDictionaryTable(uint[] tags, DicomDictionaryEntry[] exact, RepeatingEntry[] repeating, DicomDictionaryEntry[] all)
    {
        _tags = tags;
        _exact = exact;
        _repeating = repeating;
        Entries = all;
    }

    public IReadOnlyList<DicomDictionaryEntry> Entries { get; }

    public bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomDictionaryEntry? entry)
    {
        var index = Array.BinarySearch(_tags, tag.Value);
        if (index >= 0)
        {
            entry = _exact[index];
            return true;
        }

        if (tag.Element == 0x0000)
        {
            entry = new DicomDictionaryEntry(tag, DicomVR.UL, OnlyUL, "1", IsPrivateGroup(tag.Group) ? "PrivateGroupLength" : "GroupLength", tag.Group > 0x0002);
            return true;
        }

        if (IsPrivateGroup(tag.Group))
        {
            if (tag.Element is >= 0x0010 and <= 0x00FF)
            {
                entry = new DicomDictionaryEntry(tag, DicomVR.LO, OnlyLO, "1", "PrivateCreator", false);
                return true;
            }

            entry = null;
            return false;
        }

        foreach (var repeating in _repeating)
        {
            if ((tag.Value & repeating.Mask) == repeating.Value)
            {
                entry = repeating.Entry with { Tag = tag };
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private elements (PS3.5 §7.8.1).</summary>
    private static bool IsPrivateGroup(ushort group) => (group & 1) == 1 && group > 0x0007 && group != 0xFFFF;

    private static DicomDictionaryTable Parse(string rows)
    {
        var sharedLists = new Dictionary<string, DicomVR[]>(StringComparer.Ordinal) { ["-"] = NoVRs };
        var tags = new List<uint>(DicomDictionaryData.Count);
        var exact = new List<DicomDictionaryEntry>(DicomDictionaryData.Count);
        var repeating = new List<RepeatingEntry>();
        var all = new List<DicomDictionaryEntry>(DicomDictionaryData.Count);
        foreach (var range in rows.AsSpan().Split('\n'))
        {
            var line = rows.AsSpan(range).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var parts = line.ToString().Split(' ');
            var group = parts[0][..4];
            var element = parts[0][5..];
            var value = (ParseHex(group) << 16) | ParseHex(element);
            var mask = (group.EndsWith("xx", StringComparison.Ordinal) ? 0xFF00FFFFu : 0xFFFFFFFFu)
                & (element.EndsWith("xx", StringComparison.Ordinal) ? 0xFFFFFF00u : 0xFFFFFFFFu);
            var vr = parts[1] == "--" ? DicomVR.None : ParseVR(parts[1]);
            if (!sharedLists.TryGetValue(parts[2], out var allowed))
            {
                allowed = parts[2].Split('/').Select(ParseVR).ToArray();
                sharedLists.Add(parts[2], allowed);
            }

            var entry = new DicomDictionaryEntry(DicomTag.FromValue(value), vr, allowed, parts[3], parts[4], parts.Length > 5 && parts[5] == "R");
            all.Add(entry);
            if (mask == 0xFFFFFFFFu)
            {
                tags.Add(value);
                exact.Add(entry);
            }
            else
            {
                repeating.Add(new RepeatingEntry(value, mask, entry));
            }
        }

        return new DicomDictionaryTable([.. tags], [.. exact], [.. repeating], [.. all]);
    }

    private static uint ParseHex(string text) => uint.Parse(text.Replace('x', '0'), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static DicomVR ParseVR(string code) => DicomVRInfo.TryParse((byte)code[0], (byte)code[1], out var vr)
        ? vr
        : throw new InvalidOperationException($"generated dictionary names unknown VR {code}");

    private readonly record struct RepeatingEntry(uint Value, uint Mask, DicomDictionaryEntry Entry);
}
