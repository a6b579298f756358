namespace Archive.Dicom.Values;

/// <summary>
/// One component group of a PN value (alphabetic, ideographic or phonetic): up to five
/// components separated by "^" (PS3.5 §6.2.1). Empty components are empty strings. Immutable.
/// </summary>
public sealed record DicomPersonNameGroup(string FamilyName, string GivenName, string MiddleName, string Prefix, string Suffix)
{
    /// <summary>The group with no components.</summary>
    public static DicomPersonNameGroup Empty { get; } = new("", "", "", "", "");

    /// <summary>True when every component is empty.</summary>
    public bool IsEmpty => FamilyName.Length == 0 && GivenName.Length == 0 && MiddleName.Length == 0 && Prefix.Length == 0 && Suffix.Length == 0;

    /// <summary>
    /// Splits a group on "^". Tolerant: components are trimmed of spaces; more than five
    /// components are kept by joining the extras into the suffix with "^".
    /// </summary>
    public static DicomPersonNameGroup Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        var parts = text.Split('^');
        string At(int i) => i < parts.Length ? parts[i].Trim() : "";
        var suffix = parts.Length > 5 ? string.Join('^', parts[4..].Select(p => p.Trim())) : At(4);
        return new DicomPersonNameGroup(At(0), At(1), At(2), At(3), suffix);
    }

    /// <summary>The components joined with "^", trailing empty components dropped (PS3.5 §6.2.1).</summary>
    public override string ToString()
    {
        var components = new[] { FamilyName, GivenName, MiddleName, Prefix, Suffix };
        var last = Array.FindLastIndex(components, c => c.Length > 0);
        return last < 0 ? "" : string.Join('^', components, 0, last + 1);
    }
}
