using Utf8 = System.Text.Encoding;

namespace Archive.Index.Catalog;

/// <summary>
/// Every key of the catalog column families, in one place. Text is UTF-8; 0x00 separates fields
/// (no DICOM text value contains NUL once trimmed), so a prefix ending in 0x00 selects one value.
/// <code>
/// catalog-instances  study 00 sop 00 sha-hex              → stored-at i64 LE + record JSON
/// catalog-studies    study                                → study row JSON
/// catalog-keys       kind 00 value 00 study [00 extra]    → empty
///   kinds: P patient id · A accession · D study date · N folded patient name · S series · O SOP instance
///          M a study holding instances of more than one site (value and study: the study)
/// </code>
/// </summary>
internal static class CatalogKeys
{
    public const byte Patient = (byte)'P';
    public const byte Accession = (byte)'A';
    public const byte Date = (byte)'D';
    public const byte Name = (byte)'N';
    public const byte Series = (byte)'S';
    public const byte Sop = (byte)'O';
    public const byte MixedSites = (byte)'M';

    public static byte[] Instance(string study, string sop, string version) => Join(study, sop, version);

    public static byte[] InstancesOf(string study) => Join(study, string.Empty);

    /// <summary>The prefix of every stored version of one instance of a study.</summary>
    public static byte[] VersionsOf(string study, string sop) => Join(study, sop, string.Empty);

    public static byte[] Study(string study) => Utf8.UTF8.GetBytes(study);

    /// <summary>The secondary key kind·value·study.</summary>
    public static byte[] Secondary(byte kind, string value, string study) => Prefixed(kind, value, study);

    /// <summary>The prefix of every secondary key of kind with exactly <paramref name="value"/>.</summary>
    public static byte[] SecondaryExact(byte kind, string value) => Prefixed(kind, value, string.Empty);

    /// <summary>The prefix of every secondary key of kind whose value starts with <paramref name="valuePrefix"/>.</summary>
    public static byte[] SecondaryStartsWith(byte kind, string valuePrefix)
    {
        var text = Utf8.UTF8.GetBytes(valuePrefix);
        var key = new byte[2 + text.Length];
        key[0] = kind;
        text.CopyTo(key, 2);
        return key;
    }

    /// <summary>The study a secondary key points at (the field after the value).</summary>
    public static string StudyOf(ReadOnlySpan<byte> secondaryKey)
    {
        var rest = secondaryKey[2..];
        var end = rest.IndexOf((byte)0);
        rest = rest[(end + 1)..];
        var studyEnd = rest.IndexOf((byte)0);
        return Utf8.UTF8.GetString(studyEnd < 0 ? rest : rest[..studyEnd]);
    }

    private static byte[] Prefixed(byte kind, string value, string study)
    {
        var body = Join(value, study);
        var key = new byte[2 + body.Length];
        key[0] = kind;
        body.CopyTo(key, 2);
        return key;
    }

    /// <summary>Fields joined by 0x00; the last field is followed by 0x00 only when empty (a prefix).</summary>
    private static byte[] Join(params string[] fields)
    {
        var builder = new List<byte>();
        for (var i = 0; i < fields.Length; i++)
        {
            builder.AddRange(Utf8.UTF8.GetBytes(fields[i]));
            if (i < fields.Length - 1)
            {
                builder.Add(0);
            }
        }

        return [.. builder];
    }
}
