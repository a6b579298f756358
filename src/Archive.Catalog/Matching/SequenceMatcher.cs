using Archive.Catalog.Model;

namespace Archive.Catalog.Matching;

/// <summary>
/// Sequence matching (PS3.4 C.2.2.2.6): the query's one item holds keys; a row matches when one
/// of its stored items matches every non-universal key. An item with no such keys is universal.
/// </summary>
public sealed class SequenceMatcher(CatalogAttribute attribute, IReadOnlyList<KeyMatcher> itemKeys)
{
    public CatalogAttribute Attribute { get; } = attribute;

    public IReadOnlyList<KeyMatcher> ItemKeys { get; } = itemKeys;

    public bool Matches(IReadOnlyList<IReadOnlyDictionary<Dicom.Model.DicomTag, string>>? items) =>
        ItemKeys.Count == 0 || (items is not null && items.Any(item => ItemKeys.All(k => k.Matches(item.GetValueOrDefault(k.Attribute.Tag)))));
}
