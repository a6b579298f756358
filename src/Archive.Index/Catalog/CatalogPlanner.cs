using Archive.Catalog.Matching;
using Archive.Catalog.Model;
using Archive.Catalog.Query;

namespace Archive.Index.Catalog;

/// <summary>
/// Chooses how to find candidate studies: by the most selective key the query has (study UIDs,
/// SOP or series UIDs, patient id, accession number, patient name prefix, study date range), or
/// null for a scan of every study. Pure.
/// </summary>
internal static class CatalogPlanner
{
    public static CatalogPlan? Plan(CatalogQuery query)
    {
        if (query.KeyOf(CatalogSchema.StudyInstanceUid) is UidListMatcher studies)
        {
            return new CatalogPlan(studies.Uids, []);
        }

        if (query.KeyOf(CatalogSchema.SopInstanceUid) is UidListMatcher sops)
        {
            return Exact(CatalogKeys.Sop, sops.Uids);
        }

        if (query.KeyOf(CatalogSchema.SeriesInstanceUid) is UidListMatcher series)
        {
            return Exact(CatalogKeys.Series, series.Uids);
        }

        if (ExactValues(query.KeyOf(CatalogSchema.PatientId)) is { } ids)
        {
            return Exact(CatalogKeys.Patient, ids);
        }

        if (ExactValues(query.KeyOf(CatalogSchema.AccessionNumber)) is { } accessions)
        {
            return Exact(CatalogKeys.Accession, accessions);
        }

        if (query.KeyOf(CatalogSchema.PatientName) is TextMatcher { IsFolded: true } name && NamePrefixes(name) is { } prefixes)
        {
            return new CatalogPlan(null, prefixes.Select(p => (CatalogKeys.SecondaryStartsWith(CatalogKeys.Name, p), CatalogKeys.SecondaryStartsWith(CatalogKeys.Name, p))).ToArray());
        }

        if (query.KeyOf(CatalogSchema.StudyDate) is RangeMatcher { Lower: not null } or RangeMatcher { Upper: not null } && query.KeyOf(CatalogSchema.StudyDate) is RangeMatcher dates)
        {
            var from = CatalogKeys.SecondaryStartsWith(CatalogKeys.Date, dates.Lower ?? "00000000");
            var to = CatalogKeys.SecondaryStartsWith(CatalogKeys.Date, dates.Upper ?? "99999999");
            return new CatalogPlan(null, [(from, to)]);
        }

        return null;
    }

    private static CatalogPlan Exact(byte kind, IEnumerable<string> values) =>
        new(null, values.Select(v => (CatalogKeys.SecondaryExact(kind, v), CatalogKeys.SecondaryExact(kind, v))).ToArray());

    private static IReadOnlyList<string>? ExactValues(KeyMatcher? matcher) =>
        matcher is TextMatcher text && text.Patterns.All(p => !Wildcard.HasWildcards(p)) ? text.Patterns : null;

    /// <summary>
    /// The literal prefix of every pattern (of its first non-empty component group: the index keeps each group of a
    /// name on its own), when each has at least two characters before a wildcard.
    /// </summary>
    private static IReadOnlyList<string>? NamePrefixes(TextMatcher name)
    {
        var prefixes = name.Patterns
            .Select(p => p.Split('=').FirstOrDefault(group => group.Length > 0) ?? string.Empty)
            .Select(p => Wildcard.HasWildcards(p) ? p[..p.IndexOfAny(['*', '?'])] : p)
            .ToArray();
        return prefixes.All(p => p.Length >= 2) ? prefixes : null;
    }
}

/// <summary>
/// Candidate studies: given directly, or as key ranges [from, to] of the secondary index where
/// <c>to</c> is an inclusive prefix bound (keys up to and including those starting with it).
/// </summary>
internal sealed record CatalogPlan(IReadOnlyCollection<string>? Studies, IReadOnlyList<(byte[] From, byte[] To)> Ranges)
{
    public static bool Within(ReadOnlySpan<byte> key, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to) =>
        key.SequenceCompareTo(from) >= 0 && (key.StartsWith(to) || key.SequenceCompareTo(to) <= 0);
}
