using System.Diagnostics.CodeAnalysis;
using Archive.Dicom.Model;

namespace Archive.Dicom.Dictionary;

/// <summary>
/// The standard data dictionary (generated from dcmtk's copy of PS3.6, see
/// <see cref="Source"/>) plus the rules PS3.5 gives for tags no table lists: group length
/// elements (gggg,0000) are UL, private creator elements (odd gggg, 0010-00FF) are LO.
/// Private data elements and unknown tags are not found: readers should then use UN (or the
/// explicit VR from the stream). The table is parsed once on first use; all members are
/// thread-safe and allocation-free for listed tags.
/// </summary>
public static class DicomDictionary
{
    /// <summary>Provenance of the generated table (source file, PS3.6 edition, hash).</summary>
    public static string Source => DicomDictionaryData.Source;

    /// <summary>Every listed element, sorted by tag; repeating ranges appear once with the first tag of the range.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => DicomDictionaryTable.Instance.Entries;

    /// <summary>
    /// Looks up <paramref name="tag"/>: an exact entry, else a repeating-group entry (50xx, 60xx,
    /// 7Fxx, 0020,31xx), else a group length (gggg,0000 → UL) or private creator (gggg,0010-00FF
    /// in a private group → LO). False for private data elements and tags the standard does not define.
    /// </summary>
    public static bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomDictionaryEntry? entry) =>
        DicomDictionaryTable.Instance.TryGet(tag, out entry);

    /// <summary>Looks up a PS3.6 keyword (case-sensitive, as the standard spells it). Rule-based entries have no keyword entry.</summary>
    public static bool TryGetByKeyword(string keyword, [NotNullWhen(true)] out DicomDictionaryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return DicomDictionaryKeywords.Index.TryGetValue(keyword, out entry);
    }

    /// <summary>The VR to read an Implicit VR element with: the dictionary's choice, or UN when the tag is unknown.</summary>
    public static DicomVR GetImplicitVR(DicomTag tag) => TryGet(tag, out var entry) ? entry.VR : DicomVR.UN;
}
