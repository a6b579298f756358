namespace DictionaryGenerator;

/// <summary>
/// One data element of the dictionary as the generator emits it. <see cref="Group"/> and
/// <see cref="Element"/> are PS3.6 patterns of four hex digits where a repeating range is written
/// with <c>xx</c> ("60xx", "31xx"); <see cref="AllowedVrs"/> lists the VRs PS3.6 allows in its
/// order and <see cref="Vr"/> is the one to use when reading Implicit VR; an element that carries
/// no VR (items and delimiters) has an empty <see cref="Vr"/> and no allowed VRs.
/// </summary>
internal sealed record DictionaryRow(string Group, string Element, string Vr, IReadOnlyList<string> AllowedVrs, string Vm, string Keyword, bool IsRetired)
{
    public bool IsRepeating => Group.Contains('x', StringComparison.Ordinal) || Element.Contains('x', StringComparison.Ordinal);

    /// <summary>The first tag the pattern matches, as a sortable number.</summary>
    public uint SortKey => (Convert.ToUInt32(Group.Replace('x', '0'), 16) << 16) | Convert.ToUInt32(Element.Replace('x', '0'), 16);
}
