using System.Collections.Frozen;
using Archive.Dicom.Model;

namespace Archive.Catalog.Model;

/// <summary>
/// The attributes PACS query on (PS3.4 C.6.1 and C.6.2: the Patient Root and Study Root required,
/// unique and common optional keys), per level. An immutable fact table.
/// </summary>
public static class CatalogSchema
{
    public static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);

    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    public static readonly DicomTag PatientId = new(0x0010, 0x0020);
    public static readonly DicomTag IssuerOfPatientId = new(0x0010, 0x0021);
    public static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    public static readonly DicomTag SeriesInstanceUid = new(0x0020, 0x000E);
    public static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    public static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    public static readonly DicomTag Modality = new(0x0008, 0x0060);
    public static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    public static readonly DicomTag StudyTime = new(0x0008, 0x0030);
    public static readonly DicomTag AccessionNumber = new(0x0008, 0x0050);
    public static readonly DicomTag ModalitiesInStudy = new(0x0008, 0x0061);
    public static readonly DicomTag SopClassesInStudy = new(0x0008, 0x0062);
    public static readonly DicomTag NumberOfPatientRelatedStudies = new(0x0020, 0x1200);
    public static readonly DicomTag NumberOfPatientRelatedSeries = new(0x0020, 0x1202);
    public static readonly DicomTag NumberOfPatientRelatedInstances = new(0x0020, 0x1204);
    public static readonly DicomTag NumberOfStudyRelatedSeries = new(0x0020, 0x1206);
    public static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);
    public static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);

    /// <summary>Every attribute the catalog keeps, in tag order.</summary>
    public static readonly IReadOnlyList<CatalogAttribute> Attributes =
    [
        new(new(0x0008, 0x0016), DicomVR.UI, CatalogLevel.Image, "SOPClassUID"),
        new(new(0x0008, 0x0018), DicomVR.UI, CatalogLevel.Image, "SOPInstanceUID"),
        new(new(0x0008, 0x0020), DicomVR.DA, CatalogLevel.Study, "StudyDate"),
        new(new(0x0008, 0x0021), DicomVR.DA, CatalogLevel.Series, "SeriesDate"),
        new(new(0x0008, 0x0023), DicomVR.DA, CatalogLevel.Image, "ContentDate"),
        new(new(0x0008, 0x0030), DicomVR.TM, CatalogLevel.Study, "StudyTime"),
        new(new(0x0008, 0x0031), DicomVR.TM, CatalogLevel.Series, "SeriesTime"),
        new(new(0x0008, 0x0033), DicomVR.TM, CatalogLevel.Image, "ContentTime"),
        new(new(0x0008, 0x0050), DicomVR.SH, CatalogLevel.Study, "AccessionNumber"),
        new(new(0x0008, 0x0060), DicomVR.CS, CatalogLevel.Series, "Modality"),
        new(new(0x0008, 0x0061), DicomVR.CS, CatalogLevel.Study, "ModalitiesInStudy", Computed: true),
        new(new(0x0008, 0x0062), DicomVR.UI, CatalogLevel.Study, "SOPClassesInStudy", Computed: true),
        new(new(0x0008, 0x0080), DicomVR.LO, CatalogLevel.Study, "InstitutionName"),
        new(new(0x0008, 0x0090), DicomVR.PN, CatalogLevel.Study, "ReferringPhysicianName"),
        new(new(0x0008, 0x1030), DicomVR.LO, CatalogLevel.Study, "StudyDescription"),
        new(new(0x0008, 0x1032), DicomVR.SQ, CatalogLevel.Study, "ProcedureCodeSequence"),
        new(new(0x0008, 0x103E), DicomVR.LO, CatalogLevel.Series, "SeriesDescription"),
        new(new(0x0008, 0x1060), DicomVR.PN, CatalogLevel.Study, "NameOfPhysiciansReadingStudy"),
        new(new(0x0010, 0x0010), DicomVR.PN, CatalogLevel.Patient, "PatientName"),
        new(new(0x0010, 0x0020), DicomVR.LO, CatalogLevel.Patient, "PatientID"),
        new(new(0x0010, 0x0021), DicomVR.LO, CatalogLevel.Patient, "IssuerOfPatientID"),
        new(new(0x0010, 0x0030), DicomVR.DA, CatalogLevel.Patient, "PatientBirthDate"),
        new(new(0x0010, 0x0040), DicomVR.CS, CatalogLevel.Patient, "PatientSex"),
        new(new(0x0010, 0x1000), DicomVR.LO, CatalogLevel.Patient, "OtherPatientIDs"),
        new(new(0x0010, 0x1010), DicomVR.AS, CatalogLevel.Study, "PatientAge"),
        new(new(0x0018, 0x0015), DicomVR.CS, CatalogLevel.Series, "BodyPartExamined"),
        new(new(0x0020, 0x000D), DicomVR.UI, CatalogLevel.Study, "StudyInstanceUID"),
        new(new(0x0020, 0x000E), DicomVR.UI, CatalogLevel.Series, "SeriesInstanceUID"),
        new(new(0x0020, 0x0010), DicomVR.SH, CatalogLevel.Study, "StudyID"),
        new(new(0x0020, 0x0011), DicomVR.IS, CatalogLevel.Series, "SeriesNumber"),
        new(new(0x0020, 0x0013), DicomVR.IS, CatalogLevel.Image, "InstanceNumber"),
        new(new(0x0020, 0x1200), DicomVR.IS, CatalogLevel.Patient, "NumberOfPatientRelatedStudies", Computed: true),
        new(new(0x0020, 0x1202), DicomVR.IS, CatalogLevel.Patient, "NumberOfPatientRelatedSeries", Computed: true),
        new(new(0x0020, 0x1204), DicomVR.IS, CatalogLevel.Patient, "NumberOfPatientRelatedInstances", Computed: true),
        new(new(0x0020, 0x1206), DicomVR.IS, CatalogLevel.Study, "NumberOfStudyRelatedSeries", Computed: true),
        new(new(0x0020, 0x1208), DicomVR.IS, CatalogLevel.Study, "NumberOfStudyRelatedInstances", Computed: true),
        new(new(0x0020, 0x1209), DicomVR.IS, CatalogLevel.Series, "NumberOfSeriesRelatedInstances", Computed: true),
        new(new(0x0028, 0x0008), DicomVR.IS, CatalogLevel.Image, "NumberOfFrames"),
        new(new(0x0028, 0x0010), DicomVR.US, CatalogLevel.Image, "Rows"),
        new(new(0x0028, 0x0011), DicomVR.US, CatalogLevel.Image, "Columns"),
        new(new(0x0032, 0x1060), DicomVR.LO, CatalogLevel.Study, "RequestedProcedureDescription"),
        new(new(0x0040, 0x0244), DicomVR.DA, CatalogLevel.Series, "PerformedProcedureStepStartDate"),
        new(new(0x0040, 0x0275), DicomVR.SQ, CatalogLevel.Series, "RequestAttributesSequence"),
    ];

    private static readonly FrozenDictionary<DicomTag, CatalogAttribute> ByTag = Attributes.ToFrozenDictionary(a => a.Tag);

    /// <summary>The catalog attribute with this tag, or null when the catalog does not keep it.</summary>
    public static CatalogAttribute? Find(DicomTag tag) => ByTag.GetValueOrDefault(tag);

    /// <summary>Attributes stored per instance (not computed).</summary>
    public static IEnumerable<CatalogAttribute> Stored => Attributes.Where(a => !a.Computed);

    /// <summary>The unique key of a level (PS3.4 C.2.2.1).</summary>
    public static DicomTag UniqueKey(CatalogLevel level) => level switch
    {
        CatalogLevel.Patient => PatientId,
        CatalogLevel.Study => StudyInstanceUid,
        CatalogLevel.Series => SeriesInstanceUid,
        _ => SopInstanceUid,
    };
}
