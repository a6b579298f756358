using Archive.Catalog.Index;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;

namespace Archive.Catalog.Tests;

/// <summary>Small catalogs for table tests: two sites, both with a patient "12345".</summary>
internal static class CatalogFixtures
{
    public static CatalogEntry Instance(string site, string issuer, string patientId, string name, string study, string series, string sop, string modality, string date, string accession = "", string birth = "19700101")
    {
        var values = new Dictionary<DicomTag, string>
        {
            [CatalogSchema.PatientName] = name,
            [CatalogSchema.PatientId] = patientId,
            [CatalogSchema.IssuerOfPatientId] = issuer,
            [new(0x0010, 0x0030)] = birth,
            [CatalogSchema.StudyInstanceUid] = study,
            [CatalogSchema.SeriesInstanceUid] = series,
            [CatalogSchema.SopInstanceUid] = sop,
            [CatalogSchema.SopClassUid] = "1.2.840.10008.5.1.4.1.1.2",
            [CatalogSchema.Modality] = modality,
            [CatalogSchema.StudyDate] = date,
            [new(0x0008, 0x0030)] = "101500",
        };
        if (accession.Length > 0)
        {
            values[CatalogSchema.AccessionNumber] = accession;
        }

        var sequences = new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>
        {
            [new(0x0008, 0x1032)] = [new Dictionary<DicomTag, string> { [new(0x0008, 0x0100)] = modality + "-PROC", [new(0x0008, 0x0102)] = "LOCAL" }],
        };
        return new CatalogEntry(new CatalogRecord(site, "1.2.840.10008.1.2.1", 1000, values, sequences), "v1", DateTimeOffset.UnixEpoch);
    }

    public static readonly CatalogEntry[] Region =
    [
        Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.1", "CT", "20240110", "A100"),
        Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.2", "CT", "20240110", "A100"),
        Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.2", "1.1.2.1", "MR", "20240110", "A100"),
        Instance("chu-a", "CHUA", "777", "Martin^Jean", "1.2", "1.2.1", "1.2.1.1", "CR", "20240301", "A200"),
        Instance("clinic-b", "CLINB", "12345", "Durand^Paul", "2.1", "2.1.1", "2.1.1.1", "US", "20231224", "B1"),
        Instance("clinic-b", "CLINB", "888", "Yamada^Tarou=山田^太郎=やまだ^たろう", "2.2", "2.2.1", "2.2.1.1", "MR", "20240615", "B2"),
    ];

    public static DicomDataset Identifier(string level, params (DicomTag Tag, DicomVR VR, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var (tag, vr, value) in keys)
        {
            identifier.AddOrReplaceText(tag, vr, value);
        }

        return identifier;
    }

    public static CatalogRow[] Find(DicomDataset identifier, QueryScope? scope = null, QueryModel model = QueryModel.StudyRoot)
    {
        Assert.True(CatalogQuery.TryParse(identifier, model, out var query, out _, out var detail), detail);
        return CatalogSearch.Run(Region, query!, scope ?? new QueryScope("chu-a", AllSites: true)).ToArray();
    }
}
