using System.Globalization;
using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Query;

/// <summary>
/// Turns instance records into rows of a level: groups by the level's identity (patient = issuer +
/// id, study, series, instance), takes each of the level's and upper levels' attributes from the
/// newest instance of the group that has it, and computes counts and modalities. Pure.
/// </summary>
public static class CatalogAggregator
{
    public static IEnumerable<CatalogRow> Rows(IEnumerable<CatalogRecord> records, CatalogLevel level)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var group in records.GroupBy(r => GroupKey(r, level)))
        {
            var instances = group.ToArray();
            var representative = instances[^1];
            var values = new Dictionary<DicomTag, string>();
            var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>();
            foreach (var attribute in CatalogSchema.Stored.Where(a => a.Level <= level))
            {
                // The newest instance that has it: one stored without a series attribute does not blank the series.
                // A plain loop: every query runs this for each attribute of each row it returns.
                for (var i = instances.Length - 1; i >= 0; i--)
                {
                    if (attribute.VR == DicomVR.SQ ? TakeSequence(instances[i], attribute.Tag, sequences) : TakeValue(instances[i], attribute.Tag, values))
                    {
                        break;
                    }
                }
            }

            AddComputed(values, instances, level);
            yield return new CatalogRow(level, representative.Site, values, sequences)
            {
                TransferSyntaxUid = level == CatalogLevel.Image ? representative.TransferSyntaxUid : null,
            };
        }
    }

    private static bool TakeSequence(CatalogRecord instance, DicomTag tag, Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>> sequences)
    {
        if (instance.Sequences.GetValueOrDefault(tag) is not { } items)
        {
            return false;
        }

        sequences[tag] = items;
        return true;
    }

    private static bool TakeValue(CatalogRecord instance, DicomTag tag, Dictionary<DicomTag, string> values)
    {
        if (instance.Get(tag) is not { } value)
        {
            return false;
        }

        values[tag] = value;
        return true;
    }

    private static (string, string, string) GroupKey(CatalogRecord r, CatalogLevel level) => level switch
    {
        CatalogLevel.Patient => (r.Patient.Domain, r.Patient.Id, string.Empty),
        CatalogLevel.Study => (r.StudyInstanceUid, string.Empty, string.Empty),
        CatalogLevel.Series => (r.SeriesInstanceUid, string.Empty, string.Empty),
        _ => (r.SopInstanceUid, string.Empty, string.Empty),
    };

    private static void AddComputed(Dictionary<DicomTag, string> values, CatalogRecord[] instances, CatalogLevel level)
    {
        string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        var series = instances.Select(i => i.SeriesInstanceUid).Distinct(StringComparer.Ordinal).Count();
        switch (level)
        {
            case CatalogLevel.Patient:
                values[CatalogSchema.NumberOfPatientRelatedStudies] = Count(instances.Select(i => i.StudyInstanceUid).Distinct(StringComparer.Ordinal).Count());
                values[CatalogSchema.NumberOfPatientRelatedSeries] = Count(series);
                values[CatalogSchema.NumberOfPatientRelatedInstances] = Count(instances.Length);
                break;
            case CatalogLevel.Study:
                values[CatalogSchema.NumberOfStudyRelatedSeries] = Count(series);
                values[CatalogSchema.NumberOfStudyRelatedInstances] = Count(instances.Length);
                values[CatalogSchema.ModalitiesInStudy] = string.Join('\\', Distinct(instances, CatalogSchema.Modality));
                values[CatalogSchema.SopClassesInStudy] = string.Join('\\', Distinct(instances, CatalogSchema.SopClassUid));
                break;
            case CatalogLevel.Series:
                values[CatalogSchema.NumberOfSeriesRelatedInstances] = Count(instances.Length);
                break;
        }
    }

    private static IEnumerable<string> Distinct(CatalogRecord[] instances, DicomTag tag) =>
        instances.Select(i => i.Get(tag)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
