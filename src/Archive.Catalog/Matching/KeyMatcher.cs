using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Matching;

/// <summary>
/// One query key's matching rule (PS3.4 C.2.2.2): single value, list of UIDs, wildcard, range,
/// universal or sequence. Built once per query by <see cref="Create"/>; pure and thread-safe.
/// </summary>
public abstract class KeyMatcher
{
    protected KeyMatcher(CatalogAttribute attribute) => Attribute = attribute;

    public CatalogAttribute Attribute { get; }

    /// <summary>True when a row with this value (null: absent) matches.</summary>
    public abstract bool Matches(string? value);

    /// <summary>
    /// The matcher for a query key, or null for universal matching (an empty key only asks for
    /// the value back). <paramref name="text"/> is the key's decoded value.
    /// </summary>
    public static KeyMatcher? Create(CatalogAttribute attribute, string? text)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text == "*")
        {
            return null;
        }

        return attribute.VR switch
        {
            DicomVR.UI => new UidListMatcher(attribute, text),
            DicomVR.DA or DicomVR.TM or DicomVR.DT when text.Contains('\\', StringComparison.Ordinal) => new AnyOfMatcher(attribute, text.Split('\\').Select(v => Create(attribute, v)).OfType<KeyMatcher>().ToArray()),
            DicomVR.DA or DicomVR.TM or DicomVR.DT when text.Contains('-', StringComparison.Ordinal) => new RangeMatcher(attribute, text),
            DicomVR.DA or DicomVR.TM or DicomVR.DT => new RangeMatcher(attribute, text + "-" + text),
            DicomVR.PN => new TextMatcher(attribute, text, fold: true),
            _ => new TextMatcher(attribute, text, fold: false),
        };
    }
}

/// <summary>
/// Single value or wildcard matching of text; a multi-valued stored value matches when any of its
/// values does, and a query of several values (<c>CT\MR</c>) when any of them does. PN is folded, and
/// empty trailing components do not count. A PN stored with several component groups (alphabetic=ideographic=phonetic)
/// matches a query of one group on any of its groups; a query that gives groups (<c>Yamada^Tarou=山田^太郎</c>,
/// <c>=山田^太郎</c>) matches group by group, an empty query group matching anything.
/// </summary>
public sealed class TextMatcher : KeyMatcher
{
    private readonly string[] _patterns;
    private readonly bool _fold;

    public TextMatcher(CatalogAttribute attribute, string text, bool fold)
        : base(attribute)
    {
        _fold = fold;
        _patterns = text.Split('\\').Select(Normalize).ToArray();
    }

    /// <summary>The query's values (folded for PN), for index planning.</summary>
    public IReadOnlyList<string> Patterns => _patterns;

    /// <summary>True when values are compared folded (PN).</summary>
    public bool IsFolded => _fold;

    public override bool Matches(string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var stored in value.Split('\\'))
        {
            var candidate = Normalize(stored);
            foreach (var pattern in _patterns)
            {
                if (_fold && pattern.Contains('=', StringComparison.Ordinal) ? MatchesGroups(pattern, candidate)
                    : MatchesOne(pattern, candidate) || (_fold && candidate.Contains('=', StringComparison.Ordinal) && candidate.Split('=').Any(group => MatchesOne(pattern, group))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Trimmed; for PN also folded and without empty trailing components in each group, which PS3.5 §6.2 makes
    /// equivalent ("Caret^Test^^^" is "Caret^Test").
    /// </summary>
    private string Normalize(string value) =>
        !_fold ? value.Trim() : string.Join('=', TextFolding.Fold(value).Split('=').Select(group => group.TrimEnd('^', ' '))).TrimEnd('=');

    /// <summary>Each group the query gives matches the stored group in the same place (absent ones are empty).</summary>
    private static bool MatchesGroups(string pattern, string candidate)
    {
        var queried = pattern.Split('=');
        var stored = candidate.Split('=');
        for (int i = 0; i < queried.Length; i++)
        {
            if (queried[i].Length > 0 && !MatchesOne(queried[i], i < stored.Length ? stored[i] : string.Empty))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesOne(string pattern, string candidate) =>
        Wildcard.HasWildcards(pattern) ? Wildcard.Matches(pattern, candidate) : string.Equals(pattern, candidate, StringComparison.Ordinal);
}

/// <summary>List of UID matching: the value equals one of the backslash-separated UIDs.</summary>
public sealed class UidListMatcher(CatalogAttribute attribute, string text) : KeyMatcher(attribute)
{
    private readonly HashSet<string> _uids = text.Split('\\').Select(u => u.Trim().TrimEnd('\0')).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Uids => _uids;

    public override bool Matches(string? value) => value is not null && value.Split('\\').Any(_uids.Contains);
}

/// <summary>A key of several values (<c>20200111\20200112</c>, each a value or a range): a row matches when any of them does.</summary>
public sealed class AnyOfMatcher(CatalogAttribute attribute, IReadOnlyList<KeyMatcher> values) : KeyMatcher(attribute)
{
    public override bool Matches(string? value) => values.Count == 0 || values.Any(v => v.Matches(value));
}
