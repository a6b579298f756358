using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Archive.Dicom.Uids;

/// <summary>
/// The registered UIDs of the standard (generated, see <see cref="Source"/>). Parsed once on
/// first use; thread-safe; lookups do not allocate.
/// </summary>
public static class DicomUidRegistry
{
    private static readonly FrozenDictionary<string, DicomUidEntry> ByUid = Parse();
    private static readonly FrozenDictionary<string, DicomUidEntry> ByKeyword =
        ByUid.Values.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);

    /// <summary>Provenance of the generated table.</summary>
    public static string Source => DicomUidRegistryData.Source;

    /// <summary>Every registered UID, in no particular order.</summary>
    public static IEnumerable<DicomUidEntry> All => ByUid.Values;

    /// <summary>Finds a UID; a trailing NUL or space (UI padding) is ignored. False when not registered.</summary>
    public static bool TryGet(string? uid, [NotNullWhen(true)] out DicomUidEntry? entry)
    {
        entry = null;
        return uid is not null && ByUid.TryGetValue(uid.TrimEnd('\0', ' '), out entry);
    }

    /// <summary>Finds a UID by keyword ("CTImageStorage"), case-sensitive.</summary>
    public static bool TryGetByKeyword(string keyword, [NotNullWhen(true)] out DicomUidEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return ByKeyword.TryGetValue(keyword, out entry);
    }

    /// <summary>The registered name of <paramref name="uid"/>, or null.</summary>
    public static string? NameOf(string? uid) => TryGet(uid, out var entry) ? entry.Name : null;

    private static FrozenDictionary<string, DicomUidEntry> Parse()
    {
        var entries = new Dictionary<string, DicomUidEntry>(DicomUidRegistryData.Count, StringComparer.Ordinal);
        foreach (var range in DicomUidRegistryData.Rows.AsSpan().Split('\n'))
        {
            var line = DicomUidRegistryData.Rows.AsSpan(range).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var f = line.ToString().Split('\t');
            var type = Enum.Parse<DicomUidType>(f[1]);
            entries.Add(f[0], new DicomUidEntry(f[0], f[4], f[3], type, f[2].Contains('R', StringComparison.Ordinal), f[2].Contains('S', StringComparison.Ordinal)));
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
