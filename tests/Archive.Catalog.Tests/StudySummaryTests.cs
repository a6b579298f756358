using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;

namespace Archive.Catalog.Tests;

/// <summary>Patient rows made from study rows: the same answer from every node, whatever order the studies come in.</summary>
public sealed class StudySummaryTests
{
    private static readonly DicomTag BirthDate = new(0x0010, 0x0030);

    [Fact]
    public void Patients_TakeTheLatestStudysAttributes_InAnyOrder()
    {
        CatalogRow[] studies =
        [
            Study("1.1", "Old^Name", "19800101", "20100101", "0900"),
            Study("1.3", "New^Name", "19800103", "20220101", "0800"),
            Study("1.2", "Between^Name", "19800102", "20220101", "0700"),
        ];

        foreach (var order in new[] { studies, studies.Reverse().ToArray(), [studies[1], studies[0], studies[2]] })
        {
            var patient = Assert.Single(StudySummary.Patients(order));
            Assert.Equal(("New^Name", "19800103", "3"), (patient.Get(CatalogSchema.PatientName), patient.Get(BirthDate), patient.Get(CatalogSchema.NumberOfPatientRelatedStudies)));
        }
    }

    [Fact]
    public void Patients_SameDateAndTime_TheStudyUidDecides()
    {
        CatalogRow[] studies = [Study("1.9", "Nine", "1", "20200101", "1200"), Study("1.10", "Ten", "2", "20200101", "1200")];
        Assert.Equal("Nine", Assert.Single(StudySummary.Patients(studies)).Get(CatalogSchema.PatientName));
        Assert.Equal("Nine", Assert.Single(StudySummary.Patients(studies.Reverse())).Get(CatalogSchema.PatientName));
    }

    [Fact]
    public void Patients_SameIdAtTwoSites_OnePatientWithAnIssuerInCommon_TwoWithoutOne()
    {
        // Sweep Z: with no issuer at either hospital, an all-sites caller got one patient "12345" with both hospitals'
        // studies, and a patient-level retrieve sent both patients' images.
        CatalogRow[] shared = [Study("2.1", "Alpha", "1", "20200101", "1200"), Study("2.2", "Alpha", "1", "20210101", "1200") with { Site = "site-b" }];
        Assert.Equal("2", Assert.Single(StudySummary.Patients(shared)).Get(CatalogSchema.NumberOfPatientRelatedStudies));

        var unissued = shared.Select(r => r with { Values = r.Values.Where(v => v.Key != CatalogSchema.IssuerOfPatientId).ToDictionary() }).ToArray();
        Assert.Equal(["site-a", "site-b"], StudySummary.Patients(unissued).Select(p => p.Site).Order());
    }

    private static CatalogRow Study(string uid, string name, string birthDate, string date, string time) => new(
        CatalogLevel.Study,
        "site-a",
        new Dictionary<DicomTag, string>
        {
            [CatalogSchema.StudyInstanceUid] = uid,
            [CatalogSchema.PatientName] = name,
            [CatalogSchema.PatientId] = "PCHG",
            [CatalogSchema.IssuerOfPatientId] = "ISSX",
            [BirthDate] = birthDate,
            [CatalogSchema.StudyDate] = date,
            [CatalogSchema.StudyTime] = time,
            [CatalogSchema.NumberOfStudyRelatedSeries] = "1",
            [CatalogSchema.NumberOfStudyRelatedInstances] = "1",
        },
        new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>());
}
