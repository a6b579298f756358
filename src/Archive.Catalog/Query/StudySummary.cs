using System.Globalization;
using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// The study row kept up to date as instances arrive, so a study-level query never reads
/// instances: patient and study attributes of the newest instance, instance and series counts,
/// modalities and SOP classes in the study. Pure.
/// </summary>
public static class StudySummary
{
    /// <summary>The study row after <paramref name="record"/> arrived.</summary>
    /// <param name="existing">The row before, or null for the study's first instance.</param>
    /// <param name="isNewInstance">False when another version of the same SOP instance was counted already.</param>
    /// <param name="isNewSeries">True when the instance opens a series the study did not have.</param>
    public static CatalogRow Apply(CatalogRow? existing, CatalogRecord record, bool isNewInstance, bool isNewSeries)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new Dictionary<DicomTag, string>();
        var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>();
        foreach (var attribute in CatalogSchema.Stored.Where(a => a.Level <= CatalogLevel.Study))
        {
            if (attribute.VR == DicomVR.SQ)
            {
                if ((record.Sequences.GetValueOrDefault(attribute.Tag) ?? existing?.Sequences.GetValueOrDefault(attribute.Tag)) is { } items)
                {
                    sequences[attribute.Tag] = items;
                }
            }
            else if ((record.Get(attribute.Tag) ?? existing?.Get(attribute.Tag)) is { } value)
            {
                values[attribute.Tag] = value;
            }
        }

        values[CatalogSchema.NumberOfStudyRelatedInstances] = Count(existing, CatalogSchema.NumberOfStudyRelatedInstances, isNewInstance);
        values[CatalogSchema.NumberOfStudyRelatedSeries] = Count(existing, CatalogSchema.NumberOfStudyRelatedSeries, isNewSeries);
        values[CatalogSchema.ModalitiesInStudy] = Union(existing?.Get(CatalogSchema.ModalitiesInStudy), record.Get(CatalogSchema.Modality));
        values[CatalogSchema.SopClassesInStudy] = Union(existing?.Get(CatalogSchema.SopClassesInStudy), record.Get(CatalogSchema.SopClassUid));
        return new CatalogRow(CatalogLevel.Study, existing?.Site ?? record.Site, values, sequences);
    }

    /// <summary>
    /// The study row counted from scratch from <paramref name="instances"/>, the newest version of each of its instances in
    /// the order they were stored: after a new version, which may have moved its instance to another series or changed its
    /// modality, something a running count cannot take back.
    /// </summary>
    public static CatalogRow Recount(IEnumerable<CatalogRecord> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        CatalogRow? row = null;
        var series = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            row = Apply(row, instance, isNewInstance: true, isNewSeries: series.Add(instance.SeriesInstanceUid));
        }

        return row ?? throw new ArgumentException("a study has at least one instance", nameof(instances));
    }

    /// <summary>
    /// Patient rows from study rows: grouped by issuer and patient id (the patient's identity, whichever sites stored its
    /// studies, or within its site when it has no issuer; the caller's scope has already chosen which studies count),
    /// with their counts. The patient's attributes (name, birth date, sex...) are its latest study's (by Study Date and
    /// Time, then Study Instance UID), so every node, and every order the studies come in, gives the same answer.
    /// </summary>
    public static IEnumerable<CatalogRow> Patients(IEnumerable<CatalogRow> studies)
    {
        foreach (var group in studies.GroupBy(PatientKey))
        {
            var rows = group.ToArray();
            var latest = rows.MaxBy(r => (r.Get(CatalogSchema.StudyDate) ?? string.Empty, r.Get(CatalogSchema.StudyTime) ?? string.Empty, r.Get(CatalogSchema.StudyInstanceUid) ?? string.Empty), Chronological.Instance)!;
            var values = new Dictionary<DicomTag, string>();
            foreach (var attribute in CatalogSchema.Stored.Where(a => a.Level == CatalogLevel.Patient && a.VR != DicomVR.SQ))
            {
                if (latest.Get(attribute.Tag) is { } value)
                {
                    values[attribute.Tag] = value;
                }
            }

            values[CatalogSchema.NumberOfPatientRelatedStudies] = rows.Length.ToString(CultureInfo.InvariantCulture);
            values[CatalogSchema.NumberOfPatientRelatedSeries] = Sum(rows, CatalogSchema.NumberOfStudyRelatedSeries);
            values[CatalogSchema.NumberOfPatientRelatedInstances] = Sum(rows, CatalogSchema.NumberOfStudyRelatedInstances);
            yield return new CatalogRow(CatalogLevel.Patient, latest.Site, values, new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>());
        }
    }

    /// <summary>
    /// <paramref name="patients"/> (matched by a query whose keys may have left some of their studies out: a name a
    /// patient had before) with their related counts taken from <paramref name="everyStudy"/>, which holds every study of
    /// those patients (by Issuer of Patient ID and Patient ID) the caller may see.
    /// </summary>
    public static IEnumerable<CatalogRow> WithAllTheirStudies(IEnumerable<CatalogRow> patients, IEnumerable<CatalogRow> everyStudy)
    {
        var whole = Patients(everyStudy).ToDictionary(PatientKey);
        foreach (var patient in patients)
        {
            if (!whole.TryGetValue(PatientKey(patient), out var all))
            {
                yield return patient;
                continue;
            }

            var values = new Dictionary<DicomTag, string>(patient.Values);
            foreach (var tag in (DicomTag[])[CatalogSchema.NumberOfPatientRelatedStudies, CatalogSchema.NumberOfPatientRelatedSeries, CatalogSchema.NumberOfPatientRelatedInstances])
            {
                values[tag] = all.Get(tag) ?? "0";
            }

            yield return patient with { Values = values };
        }
    }

    /// <summary>A patient's identity (<see cref="CatalogRecord.PatientOf"/>).</summary>
    public static (string Domain, string Id) PatientKey(CatalogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return CatalogRecord.PatientOf(row.Get(CatalogSchema.IssuerOfPatientId), row.Get(CatalogSchema.PatientId), row.Site);
    }

    private static string Count(CatalogRow? existing, DicomTag tag, bool increment)
    {
        var current = int.TryParse(existing?.Get(tag), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (current + (increment ? 1 : 0)).ToString(CultureInfo.InvariantCulture);
    }

    private static string Union(string? existing, string? added)
    {
        var set = new SortedSet<string>((existing ?? string.Empty).Split('\\', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(added))
        {
            set.Add(added);
        }

        return string.Join('\\', set);
    }

    private static string Sum(CatalogRow[] rows, DicomTag tag) =>
        rows.Sum(r => int.TryParse(r.Get(tag), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>Orders (date, time, UID) keys oldest first, field by field (DA and TM values compare as text).</summary>
    private sealed class Chronological : IComparer<(string Date, string Time, string Uid)>
    {
        public static readonly Chronological Instance = new();

        public int Compare((string Date, string Time, string Uid) x, (string Date, string Time, string Uid) y)
        {
            var c = string.CompareOrdinal(x.Date, y.Date);
            c = c != 0 ? c : string.CompareOrdinal(x.Time, y.Time);
            return c != 0 ? c : string.CompareOrdinal(x.Uid, y.Uid);
        }
    }
}
