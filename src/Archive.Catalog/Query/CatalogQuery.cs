using Archive.Catalog.Matching;
using Archive.Catalog.Model;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// A parsed C-FIND identifier: its level, the matchers of its non-universal keys, and every key
/// to return. Keys the catalog does not keep are returned empty and never match-filtered (the
/// standard lets an SCP ignore optional keys). Immutable; thread-safe.
/// </summary>
public sealed class CatalogQuery
{
    private CatalogQuery(CatalogLevel level, QueryModel model, DicomDataset identifier, IReadOnlyList<KeyMatcher> keys, IReadOnlyList<SequenceMatcher> sequenceKeys)
    {
        Level = level;
        Model = model;
        Identifier = identifier;
        Keys = keys;
        SequenceKeys = sequenceKeys;
    }

    public CatalogLevel Level { get; }

    public QueryModel Model { get; }

    /// <summary>The identifier as received; its elements are the keys to return.</summary>
    public DicomDataset Identifier { get; }

    /// <summary>Non-universal keys at or above the query level.</summary>
    public IReadOnlyList<KeyMatcher> Keys { get; }

    public IReadOnlyList<SequenceMatcher> SequenceKeys { get; }

    /// <summary>The matcher of <paramref name="tag"/>, or null when that key is universal or absent.</summary>
    public KeyMatcher? KeyOf(DicomTag tag) => Keys.FirstOrDefault(k => k.Attribute.Tag == tag);

    /// <summary>The UIDs the identifier limits <paramref name="uidKey"/> to (a single value or a list), or null when it may match any.</summary>
    public string[]? UidsNamed(DicomTag uidKey)
    {
        var value = Identifier.GetText(uidKey);
        if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return null;
        }

        var uids = value.Split('\\', StringSplitOptions.TrimEntries).Select(u => u.TrimEnd('\0')).ToArray();
        return uids.All(u => u.Length > 0) ? uids : null;
    }

    /// <summary>
    /// This PATIENT-level query asked at STUDY level (Study Root): the same keys but the patient counts, which only a
    /// whole patient has. A grid node holds some of a patient's studies, so the grid sums their rows
    /// (<see cref="StudySummary.Patients"/>) and matches the original query on the sum.
    /// </summary>
    public CatalogQuery AtStudyLevel()
    {
        if (Level != CatalogLevel.Patient)
        {
            throw new InvalidOperationException("only a PATIENT-level query is asked again at STUDY level");
        }

        void DropPatientCounts(DicomDataset identifier)
        {
            foreach (var count in CatalogSchema.Attributes.Where(a => a is { Computed: true, Level: CatalogLevel.Patient }))
            {
                identifier.Remove(count.Tag);
            }
        }

        return TryAskAt(CatalogLevel.Study, DropPatientCounts, out var query, out var detail)
            ? query!
            : throw new InvalidOperationException("a parsed query parses again at STUDY level: " + detail);
    }

    /// <summary>
    /// Every study of the patients with these IDs, at STUDY level: the PATIENT-level identifier with its matching keys
    /// made universal (its return keys kept), so each patient's related counts cover all of their studies, not only
    /// those the keys picked (a name the patient had before).
    /// </summary>
    public CatalogQuery StudiesOfPatients(IReadOnlyCollection<string> patientIds)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        var plain = AtStudyLevel().Identifier.ShallowClone();
        foreach (var element in plain.ToArray())
        {
            if (element.Tag != CatalogSchema.SpecificCharacterSet && element.Tag != CatalogSchema.QueryRetrieveLevel)
            {
                plain.Remove(element.Tag);
                if (element is DicomValueElement)
                {
                    plain.AddOrReplaceText(element.Tag, element.VR, string.Empty);
                }
            }
        }

        plain.AddOrReplaceText(CatalogSchema.PatientId, DicomVR.LO, string.Join('\\', patientIds));
        foreach (var tag in (DicomTag[])[CatalogSchema.IssuerOfPatientId, CatalogSchema.NumberOfStudyRelatedSeries, CatalogSchema.NumberOfStudyRelatedInstances])
        {
            plain.AddOrReplaceText(tag, Archive.Dicom.Dictionary.DicomDictionary.GetImplicitVR(tag), string.Empty);
        }

        return TryParse(plain, QueryModel.StudyRoot, out var query, out _, out var detail)
            ? query!
            : throw new InvalidOperationException("a study query by patient IDs parses: " + detail);
    }

    /// <summary>
    /// The same identifier asked again at <paramref name="level"/> in the Study Root model, after <paramref name="adjust"/>
    /// changed its copy; false with the reason when that does not parse.
    /// </summary>
    public bool TryAskAt(CatalogLevel level, Action<DicomDataset> adjust, out CatalogQuery? query, out string detail)
    {
        ArgumentNullException.ThrowIfNull(adjust);
        var identifier = Identifier.ShallowClone();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, CatalogLevels.Term(level));
        adjust(identifier);
        return TryParse(identifier, QueryModel.StudyRoot, out query, out _, out detail);
    }

    public bool Matches(CatalogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Keys.All(k => k.Matches(row.Get(k.Attribute.Tag)))
            && SequenceKeys.All(s => s.Matches(row.Sequences.GetValueOrDefault(s.Attribute.Tag)));
    }

    /// <summary>Parses an identifier; false with the reason when it cannot be a query.</summary>
    public static bool TryParse(DicomDataset identifier, QueryModel model, out CatalogQuery? query, out CatalogQueryError error, out string detail)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        query = null;
        error = 0;
        if (!CatalogLevels.TryParse(identifier.GetText(CatalogSchema.QueryRetrieveLevel), out var level))
        {
            (error, detail) = (CatalogQueryError.BadLevel, "Query/Retrieve Level (0008,0052) is missing or not PATIENT, STUDY, SERIES or IMAGE");
            return false;
        }

        if (model == QueryModel.StudyRoot && level == CatalogLevel.Patient)
        {
            (error, detail) = (CatalogQueryError.LevelNotInModel, "the Study Root model has no PATIENT level");
            return false;
        }

        var keys = new List<KeyMatcher>();
        var sequenceKeys = new List<SequenceMatcher>();
        foreach (var element in identifier)
        {
            if (CatalogSchema.Find(element.Tag) is not { } attribute || attribute.Level > level)
            {
                continue;
            }

            if (attribute.VR == DicomVR.SQ)
            {
                if (identifier.GetSequence(element.Tag) is { Items.Count: > 0 } sequence)
                {
                    sequenceKeys.Add(new SequenceMatcher(attribute, ItemKeys(sequence.Items[0].Dataset, attribute.Level)));
                }

                continue;
            }

            if (element.VR is not (DicomVR.None or DicomVR.UN) && element.VR != attribute.VR && !DicomVRInfo.IsString(element.VR))
            {
                // A key whose value is binary cannot be matched, nor returned (sweep Q: every row matched, the attribute blank).
                (error, detail) = (CatalogQueryError.BadKeyValue, $"{attribute.Keyword} sent as {element.VR}; its VR is {attribute.VR}");
                return false;
            }

            var text = identifier.GetText(element.Tag);
            if (attribute.VR is DicomVR.DA or DicomVR.TM or DicomVR.DT && !string.IsNullOrWhiteSpace(text)
                && text.Split('\\').Select(v => !LooksLikeRange(v, attribute.VR) ? $"is not a {attribute.VR} value or range" : RangeMatcher.Problem(v.Trim(), attribute.VR)).FirstOrDefault(p => p is not null) is { } problem)
            {
                (error, detail) = (CatalogQueryError.BadKeyValue, $"{attribute.Keyword} '{text}' {problem}");
                return false;
            }

            if (KeyMatcher.Create(attribute, text) is { } matcher)
            {
                keys.Add(matcher);
            }
        }

        query = new CatalogQuery(level, model, identifier, keys, sequenceKeys);
        detail = string.Empty;
        return true;
    }

    private static List<KeyMatcher> ItemKeys(DicomDataset item, CatalogLevel level)
    {
        var keys = new List<KeyMatcher>();
        foreach (var element in item)
        {
            var vr = element.VR == DicomVR.None ? DicomDictionary.GetImplicitVR(element.Tag) : element.VR;
            var keyword = DicomDictionary.TryGet(element.Tag, out var entry) ? entry.Keyword : element.Tag.ToString();
            if (DicomVRInfo.IsString(vr) && KeyMatcher.Create(new CatalogAttribute(element.Tag, vr, level, keyword), item.GetText(element.Tag)) is { } matcher)
            {
                keys.Add(matcher);
            }
        }

        return keys;
    }

    /// <summary>
    /// A value or range of the VR's characters; for DA and TM (which have no offsets) at most one range dash, and no side
    /// longer than a full value (<c>20200101-20201231-20221231</c> and <c>2020-01-01</c> are refused, not half-matched).
    /// </summary>
    private static bool LooksLikeRange(string text, DicomVR vr)
    {
        var trimmed = text.Trim();
        if (!trimmed.All(c => char.IsAsciiDigit(c) || c is '-' or '.' or ':' or '+' or ' '))
        {
            return false;
        }

        if (vr is not (DicomVR.DA or DicomVR.TM))
        {
            return true;
        }

        var sides = trimmed.Split('-');
        var digits = vr == DicomVR.DA ? "YYYYMMDD".Length : "HHMMSSFFFFFF".Length;
        return sides.Length <= 2 && !trimmed.Contains('+', StringComparison.Ordinal) && sides.All(side => side.Count(char.IsAsciiDigit) <= digits)
            && (vr != DicomVR.DA || !trimmed.Contains(':', StringComparison.Ordinal));
    }
}
