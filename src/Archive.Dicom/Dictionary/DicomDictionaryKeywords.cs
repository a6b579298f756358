using System.Collections.Frozen;

namespace Archive.Dicom.Dictionary;

/// <summary>Keyword index, built on the first keyword lookup only (tag lookups never pay for it).</summary>
internal static class DicomDictionaryKeywords
{
    public static readonly FrozenDictionary<string, DicomDictionaryEntry> Index =
        DicomDictionaryTable.Instance.Entries.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);
}
