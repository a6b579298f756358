using Archive.Catalog.Index;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Index.Catalog;
using Archive.Index.Manifests;

namespace Archive.Index.Tests.Catalog;

public sealed class RocksCatalogIndexTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "catalog-" + Guid.NewGuid().ToString("N"));
    private readonly GridDatabase _database;
    private readonly RocksCatalogIndex _index;

    public RocksCatalogIndexTests()
    {
        _database = GridDatabase.Open(_directory);
        _index = new RocksCatalogIndex(_database);
    }

    private bool _closed;

    public void Dispose()
    {
        if (!_closed)
        {
            _database.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static CatalogEntry Instance(string site, string issuer, string patientId, string name, string study, string series, string sop, string modality, string date, string accession, string version = "v1")
    {
        var values = new Dictionary<DicomTag, string>
        {
            [CatalogSchema.PatientName] = name,
            [CatalogSchema.PatientId] = patientId,
            [CatalogSchema.IssuerOfPatientId] = issuer,
            [CatalogSchema.StudyInstanceUid] = study,
            [CatalogSchema.SeriesInstanceUid] = series,
            [CatalogSchema.SopInstanceUid] = sop,
            [CatalogSchema.Modality] = modality,
            [CatalogSchema.StudyDate] = date,
            [CatalogSchema.AccessionNumber] = accession,
        };
        return new CatalogEntry(new CatalogRecord(site, "1.2.840.10008.1.2.1", 100, values, new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>()), version, DateTimeOffset.UnixEpoch);
    }

    private async Task Load()
    {
        await _index.PutAsync(Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.1", "CT", "20240110", "A100"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.2", "CT", "20240110", "A100"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.2", "1.1.2.1", "MR", "20240110", "A100"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.2", "1.1.2.1", "MR", "20240110", "A100", "v2")); // a second version
        await _index.PutAsync(Instance("chu-a", "CHUA", "777", "Martin^Jean", "1.2", "1.2.1", "1.2.1.1", "CR", "20240301", "A200"));
        await _index.PutAsync(Instance("clinic-b", "CLINB", "12345", "Durand^Paul", "2.1", "2.1.1", "2.1.1.1", "US", "20231224", "B1"));
    }

    private async Task<CatalogRow[]> Find(string level, QueryScope scope, params (DicomTag Tag, DicomVR VR, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var (tag, vr, value) in keys)
        {
            identifier.AddOrReplaceText(tag, vr, value);
        }

        Assert.True(CatalogQuery.TryParse(identifier, level == "PATIENT" ? QueryModel.PatientRoot : QueryModel.StudyRoot, out var query, out _, out var detail), detail);
        var rows = new List<CatalogRow>();
        await foreach (var row in _index.QueryAsync(query!, scope))
        {
            rows.Add(row);
        }

        return [.. rows];
    }

    private static readonly QueryScope All = new("chu-a", AllSites: true);

    [Fact]
    public async Task ManifestReplica_WithCataloging_IndexesTheManifestInTheSameWriteAndOnlyOnce()
    {
        var entry = Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.1", "CT", "20240110", "A100");
        var sha = Sha256Digest.Compute([1]);
        var manifest = new GridManifest(ObjectIdentity.ObjectIdOf("1.1.1.1"), "1.1.1.1", "1.1", 10, sha, "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64,
            DateTimeOffset.UnixEpoch, [new ObjectPart(ObjectIdentity.PartKey("1.1.1.1", sha, 0), 0, 10, 10, false, Enumerable.Range(0, 6).Select(i => new ShardLocation($"node-{i}", $"{i:x32}")).ToArray())], new byte[] { 1 });
        var replica = new RocksManifestReplica(_database, new ManifestCataloging(_index, m => m.Attributes.Span[0] == 1 ? entry : null));

        Assert.True(await replica.PutAsync(manifest));
        Assert.True(await replica.PutAsync(manifest)); // held: neither written again
        Assert.True(await replica.PutAsync(manifest with { ObjectName = "other", ObjectId = ObjectIdentity.ObjectIdOf("other"), Attributes = new byte[] { 2 } })); // nothing to index

        Assert.Single(await replica.GetVersionsAsync("1.1", ObjectIdentity.ObjectIdOf("1.1.1.1")));
        Assert.Single(await replica.GetVersionsAsync("1.1", ObjectIdentity.ObjectIdOf("other")));
        var study = Assert.Single(await Find("STUDY", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1")));
        Assert.Equal("1", study.Get(CatalogSchema.NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task Put_InstancesOfTwoSitesInOneStudy_EachSiteSeesOnlyItsOwnPatientAndCounts()
    {
        // Sweep Z: two sites racing the store path's site check each put a first instance into one new study; the study
        // row then showed the last one's patient and both sites' counts to whichever site it belonged to.
        await _index.PutAsync(Instance("chu-a", "CHUA", "A-1", "Alpha^Alice", "5.1", "5.1.1", "5.1.1.1", "CT", "20240110", "X1"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "A-1", "Alpha^Alice", "5.1", "5.1.1", "5.1.1.2", "CT", "20240110", "X1") with { StoredAt = DateTimeOffset.UnixEpoch.AddSeconds(1) });
        await _index.PutAsync(Instance("clinic-b", "CLINB", "B-1", "Bravo^Bob", "5.1", "5.1.9", "5.1.9.1", "US", "20240110", "Y1") with { StoredAt = DateTimeOffset.UnixEpoch.AddSeconds(2) });
        var siteA = new QueryScope("chu-a", AllSites: false);
        var siteB = new QueryScope("clinic-b", AllSites: false);

        var a = Assert.Single(await Find("STUDY", siteA, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "5.1")));
        Assert.Equal(("Alpha^Alice", "CHUA", "2", "CT"), (a.Get(CatalogSchema.PatientName), a.Get(CatalogSchema.IssuerOfPatientId), a.Get(CatalogSchema.NumberOfStudyRelatedInstances), a.Get(CatalogSchema.ModalitiesInStudy)));
        var b = Assert.Single(await Find("STUDY", siteB, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "5.1")));
        Assert.Equal(("Bravo^Bob", "1", "US"), (b.Get(CatalogSchema.PatientName), b.Get(CatalogSchema.NumberOfStudyRelatedInstances), b.Get(CatalogSchema.ModalitiesInStudy)));
        Assert.Single(await Find("STUDY", siteA, (CatalogSchema.PatientName, DicomVR.PN, "alpha*")));
        Assert.Equal("Alpha^Alice", Assert.Single(await Find("PATIENT", siteA, (CatalogSchema.PatientId, DicomVR.LO, "A-1"))).Get(CatalogSchema.PatientName));
        Assert.Empty(await Find("PATIENT", siteA, (CatalogSchema.PatientId, DicomVR.LO, "B-1")));
    }

    [Fact]
    public async Task Put_Instances_KeepsStudySummaryCounts()
    {
        await Load();
        var study = Assert.Single(await Find("STUDY", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1")));
        Assert.Equal("3", study.Get(CatalogSchema.NumberOfStudyRelatedInstances)); // the second version is not a new instance
        Assert.Equal("2", study.Get(CatalogSchema.NumberOfStudyRelatedSeries));
        Assert.Equal("CT\\MR", study.Get(CatalogSchema.ModalitiesInStudy));
    }

    [Fact]
    public async Task Put_NewVersionMovingItsInstanceToAnotherSeriesAndModality_StudyAndPatientCountOnlyWhatIsCurrent()
    {
        await _index.PutAsync(Instance("chu-a", "CHUA", "900", "Moved^Ann", "3.1", "3.1.1", "3.1.1.1", "OT", "20240110", "M1"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "900", "Moved^Ann", "3.1", "3.1.1", "3.1.1.2", "OT", "20240110", "M1"));
        var moved = Instance("chu-a", "CHUA", "900", "Moved^Ann", "3.1", "3.1.2", "3.1.1.2", "CT", "20240110", "M1", "v2");
        await _index.PutAsync(moved with { StoredAt = DateTimeOffset.UnixEpoch.AddSeconds(1) }); // its second version, in series 3.1.2 as CT

        var study = Assert.Single(await Find("STUDY", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "3.1")));
        Assert.Equal(("2", "2", "CT\\OT"), (study.Get(CatalogSchema.NumberOfStudyRelatedInstances), study.Get(CatalogSchema.NumberOfStudyRelatedSeries), study.Get(CatalogSchema.ModalitiesInStudy)));

        // The first instance's new version moves it too: series 3.1.1 and OT are gone.
        await _index.PutAsync(Instance("chu-a", "CHUA", "900", "Moved^Ann", "3.1", "3.1.2", "3.1.1.1", "CT", "20240110", "M1", "v2") with { StoredAt = DateTimeOffset.UnixEpoch.AddSeconds(2) });

        study = Assert.Single(await Find("STUDY", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "3.1")));
        Assert.Equal(("2", "1", "CT"), (study.Get(CatalogSchema.NumberOfStudyRelatedInstances), study.Get(CatalogSchema.NumberOfStudyRelatedSeries), study.Get(CatalogSchema.ModalitiesInStudy)));
        Assert.Empty(await Find("STUDY", All, (CatalogSchema.ModalitiesInStudy, DicomVR.CS, "OT")));
        var patient = Assert.Single(await Find("PATIENT", All, (CatalogSchema.PatientId, DicomVR.LO, "900")));
        Assert.Equal("1", patient.Get(CatalogSchema.NumberOfPatientRelatedSeries));
    }

    [Theory]
    [InlineData("PatientID", "12345", 2)]
    [InlineData("AccessionNumber", "A200", 1)]
    [InlineData("PatientName", "dupont*", 1)]
    [InlineData("PatientName", "D*", 2)]
    [InlineData("PatientName", "*jean", 1)]
    [InlineData("StudyDate", "20240101-20241231", 2)]
    [InlineData("StudyDate", "-20231231", 1)]
    [InlineData("ModalitiesInStudy", "US", 1)]
    public async Task Query_StudyLevel_EveryPlanGivesTheSameAnswersAsMatching(string keyword, string value, int expected)
    {
        await Load();
        var attribute = CatalogSchema.Attributes.Single(a => a.Keyword == keyword);
        Assert.Equal(expected, (await Find("STUDY", All, (attribute.Tag, attribute.VR, value))).Length);
    }

    [Theory]
    [InlineData("Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("Yamada^Tarou=山田^太郎")]
    [InlineData("=山田^太郎")]
    [InlineData("=山田*")]
    [InlineData("やまだ*")]
    public async Task Query_NameWithComponentGroups_TheNameIndexFindsIt(string name)
    {
        await Load();
        await _index.PutAsync(Instance("chu-a", "CHUA", "888", "Yamada^Tarou=山田^太郎=やまだ^たろう", "3.1", "3.1.1", "3.1.1.1", "MR", "20240615", "C1"));
        var study = Assert.Single(await Find("STUDY", All, (CatalogSchema.PatientName, DicomVR.PN, name)));
        Assert.Equal("3.1", study.Get(CatalogSchema.StudyInstanceUid));
    }

    [Fact]
    public async Task RefoldNames_ANameIndexedWithTheOldFolding_IsFoundAgainOnceRekeyed()
    {
        Assert.Equal(0, _index.RefoldNames()); // a node opening a new database: written with the current folding from now on
        await _index.PutAsync(Instance("chu-a", "CHUA", "901", "Łukasiewicz^Jan", "4.1", "4.1.1", "4.1.1.1", "CT", "20240101", "D1"));
        Assert.Equal(0, _index.RefoldNames());

        // What a node written by the folding of version 1 holds: Ł kept, and no folding version recorded.
        var db = _database.Db;
        db.Remove(CatalogKeys.Secondary(CatalogKeys.Name, "LUKASIEWICZ^JAN", "4.1"), _database.CatalogKeys);
        db.Put(CatalogKeys.Secondary(CatalogKeys.Name, "ŁUKASIEWICZ^JAN", "4.1"), Array.Empty<byte>(), _database.CatalogKeys);
        db.Remove("catalog-name-folding"u8.ToArray());
        Assert.Empty(await Find("STUDY", All, (CatalogSchema.PatientName, DicomVR.PN, "lukasiewicz*")));

        Assert.Equal(1, _index.RefoldNames());
        Assert.Equal("4.1", Assert.Single(await Find("STUDY", All, (CatalogSchema.PatientName, DicomVR.PN, "lukasiewicz*"))).Get(CatalogSchema.StudyInstanceUid));
        Assert.Equal(0, _index.RefoldNames());
    }

    [Fact]
    public async Task Query_PatientLevel_ByAFormerName_CountsEveryStudyOfThePatient()
    {
        await _index.PutAsync(Instance("chu-a", "CHUA", "555", "Dupont^Marie", "5.1", "5.1.1", "5.1.1.1", "CT", "20200101", "E1"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "555", "Martin^Marie", "5.2", "5.2.1", "5.2.1.1", "MR", "20240101", "E2"));
        await _index.PutAsync(Instance("chu-a", "CHUA", "555", "Martin^Marie", "5.2", "5.2.1", "5.2.1.2", "MR", "20240101", "E2"));
        await _index.PutAsync(Instance("chu-a", "OTHER", "555", "Martin^Marie", "5.3", "5.3.1", "5.3.1.1", "MR", "20240101", "E3")); // another issuer's 555

        foreach (var name in new[] { "martin*", "dupont*", "*marie" })
        {
            var patients = await Find("PATIENT", All, (CatalogSchema.PatientName, DicomVR.PN, name), (CatalogSchema.IssuerOfPatientId, DicomVR.LO, "CHUA"), (CatalogSchema.NumberOfPatientRelatedStudies, DicomVR.IS, ""), (CatalogSchema.NumberOfPatientRelatedInstances, DicomVR.IS, ""));
            var patient = Assert.Single(patients);
            Assert.Equal(("2", "3"), (patient.Get(CatalogSchema.NumberOfPatientRelatedStudies), patient.Get(CatalogSchema.NumberOfPatientRelatedInstances)));
        }
    }

    [Fact]
    public async Task Query_PatientLevel_OneIssuerAndIdAtTwoSites_IsOnePatientToWhoSeesBoth()
    {
        await Load();
        await _index.PutAsync(Instance("clinic-b", "CHUA", "777", "Martin^Jean", "2.2", "2.2.1", "2.2.1.1", "CT", "20240401", "B2")); // CHU A's patient, seen at clinic B
        var patient = Assert.Single(await Find("PATIENT", All, (CatalogSchema.PatientId, DicomVR.LO, "777")));
        Assert.Equal("2", patient.Get(CatalogSchema.NumberOfPatientRelatedStudies));
        Assert.Equal("2", patient.Get(CatalogSchema.NumberOfPatientRelatedInstances));
        var atClinic = Assert.Single(await Find("PATIENT", new QueryScope("clinic-b", false), (CatalogSchema.PatientId, DicomVR.LO, "777")));
        Assert.Equal("1", atClinic.Get(CatalogSchema.NumberOfPatientRelatedStudies));
    }

    [Fact]
    public async Task Query_PatientLevel_TwoSitesSameIdAreTwoPatients()
    {
        await Load();
        var rows = await Find("PATIENT", All, (CatalogSchema.PatientId, DicomVR.LO, "12345"));
        Assert.Equal(2, rows.Length);
        Assert.Single(await Find("PATIENT", new QueryScope("clinic-b", false), (CatalogSchema.PatientId, DicomVR.LO, "12345")));
    }

    [Fact]
    public async Task Query_ImageLevelBySop_FindsItsStudy()
    {
        await Load();
        var row = Assert.Single(await Find("IMAGE", All, (CatalogSchema.SopInstanceUid, DicomVR.UI, "1.1.2.1")));
        Assert.Equal("1.1", row.Get(CatalogSchema.StudyInstanceUid));
        var series = await Find("SERIES", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1"));
        Assert.Equal(2, series.Length);
    }

    [Fact]
    public async Task Put_SameEntryTwice_IsIdempotent()
    {
        await Load();
        await Load();
        var study = Assert.Single(await Find("STUDY", All, (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1")));
        Assert.Equal("3", study.Get(CatalogSchema.NumberOfStudyRelatedInstances));
    }

    [Fact]
    public async Task Reopen_KeepsTheCatalog()
    {
        await Load();
        _database.Dispose();
        _closed = true;
        using var reopened = GridDatabase.Open(_directory);
        var index = new RocksCatalogIndex(reopened);
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out _));
        var count = 0;
        await foreach (var _ in index.QueryAsync(query!, All))
        {
            count++;
        }

        Assert.Equal(3, count);
    }
}
