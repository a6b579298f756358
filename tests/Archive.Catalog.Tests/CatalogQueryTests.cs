using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using static Archive.Catalog.Tests.CatalogFixtures;

namespace Archive.Catalog.Tests;

public sealed class CatalogQueryTests
{
    private static readonly DicomTag StudyTime = new(0x0008, 0x0030);
    private static readonly DicomTag BirthDate = new(0x0010, 0x0030);

    [Theory]
    [InlineData("DUPONT*", 1)]
    [InlineData("dupont^helene", 1)]       // case and accents folded
    [InlineData("Dupont^Hélène", 1)]
    [InlineData("D*", 2)]                   // Dupont and Durand
    [InlineData("?upont*", 1)]
    [InlineData("*JEAN", 1)]
    [InlineData("山田*", 1)]                 // ideographic group
    [InlineData("やまだ^たろう", 1)]          // phonetic group
    [InlineData("Smith*", 0)]
    [InlineData("Dupont^Hélène^^^", 1)]     // empty trailing components do not count (PS3.5 6.2)
    [InlineData("Martin^Jean^=", 1)]
    [InlineData("Dupont^Hélène^X", 0)]
    [InlineData("Yamada^Tarou=山田^太郎=やまだ^たろう", 1)] // every group, as stored
    [InlineData("Yamada^Tarou=山田^太郎", 1)]  // groups matched in place
    [InlineData("=山田^太郎", 1)]               // the ideographic group only
    [InlineData("Yamada^Tarou=*", 1)]
    [InlineData("Yamada*=山田*", 1)]
    [InlineData("Yamada^Tarou=鈴木^一郎", 0)]
    [InlineData("=やまだ^たろう", 0)]            // phonetic text in the ideographic place
    public void Find_StudyByPatientName_FoldsCaseAccentsAndGroups(string name, int studies)
    {
        Assert.Equal(studies, Find(Identifier("STUDY", (CatalogSchema.PatientName, DicomVR.PN, name))).Length);
    }

    [Theory]
    [InlineData("20240110", 1)]
    [InlineData("20240101-20240331", 2)]
    [InlineData("20240301-", 2)]
    [InlineData("-20231231", 1)]
    [InlineData("2024.01.10", 1)]           // retired form
    [InlineData("20250101-", 0)]
    public void Find_StudyByDate_SingleAndRanges(string date, int studies)
    {
        Assert.Equal(studies, Find(Identifier("STUDY", (CatalogSchema.StudyDate, DicomVR.DA, date))).Length);
    }

    [Theory]
    [InlineData("1015", 4)]
    [InlineData("-1014", 0)]
    [InlineData("1000-1100", 4)]
    [InlineData("10:15", 4)]
    [InlineData("2300-1030", 4)]   // across midnight: from 23:00 to 10:30 the next morning (sweep Q: it was refused)
    [InlineData("1016-1014", 0)]   // across midnight, all but 10:14:59.x to 10:16
    [InlineData("1015-1014", 4)]
    [InlineData("2300-0100", 0)]
    public void Find_StudyByTime_PartialBoundsCoverTheWholeUnit(string time, int studies)
    {
        Assert.Equal(studies, Find(Identifier("STUDY", (StudyTime, DicomVR.TM, time))).Length);
    }

    [Fact]
    public void Find_StudyByUidList_MatchesEach()
    {
        var rows = Find(Identifier("STUDY", (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1\\2.2\\9.9")));
        Assert.Equal(["1.1", "2.2"], rows.Select(r => r.Get(CatalogSchema.StudyInstanceUid)).Order());
    }

    [Fact]
    public void Find_StudyByModalitiesInStudy_MatchesAnyListedModality()
    {
        Assert.Equal(3, Find(Identifier("STUDY", (CatalogSchema.ModalitiesInStudy, DicomVR.CS, "MR\\CR"))).Length);
        var study = Assert.Single(Find(Identifier("STUDY", (CatalogSchema.AccessionNumber, DicomVR.SH, "A100"))));
        Assert.Equal("CT\\MR", study.Get(CatalogSchema.ModalitiesInStudy));
        Assert.Equal("2", study.Get(CatalogSchema.NumberOfStudyRelatedSeries));
        Assert.Equal("3", study.Get(CatalogSchema.NumberOfStudyRelatedInstances));
    }

    [Fact]
    public void Find_SamePatientIdAtTwoSites_IsTwoPatients()
    {
        var rows = Find(Identifier("PATIENT", (CatalogSchema.PatientId, DicomVR.LO, "12345")), model: QueryModel.PatientRoot);
        Assert.Equal(2, rows.Length);
        var withIssuer = Find(Identifier("PATIENT", (CatalogSchema.PatientId, DicomVR.LO, "12345"), (CatalogSchema.IssuerOfPatientId, DicomVR.LO, "CLINB")), model: QueryModel.PatientRoot);
        Assert.Equal("Durand^Paul", Assert.Single(withIssuer).Get(CatalogSchema.PatientName));
    }

    [Fact]
    public void Find_ScopedToCallerSite_HidesOtherSites()
    {
        var rows = Find(Identifier("STUDY", (CatalogSchema.PatientId, DicomVR.LO, "12345")), new QueryScope("chu-a", AllSites: false));
        Assert.Equal("1.1", Assert.Single(rows).Get(CatalogSchema.StudyInstanceUid));
    }

    [Fact]
    public void Find_SeriesAndImageLevels_CountAndFilter()
    {
        var series = Find(Identifier("SERIES", (CatalogSchema.StudyInstanceUid, DicomVR.UI, "1.1"), (CatalogSchema.Modality, DicomVR.CS, "CT")));
        Assert.Equal("2", Assert.Single(series).Get(CatalogSchema.NumberOfSeriesRelatedInstances));
        var images = Find(Identifier("IMAGE", (CatalogSchema.SeriesInstanceUid, DicomVR.UI, "1.1.1")));
        Assert.Equal(2, images.Length);
    }

    [Fact]
    public void Find_SequenceKey_MatchesItemValues()
    {
        var identifier = Identifier("STUDY");
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1032));
        var item = new DicomDataset(identifier);
        item.AddOrReplaceText(new DicomTag(0x0008, 0x0100), DicomVR.SH, "US-PROC");
        sequence.AddItem(item);
        identifier.Add(sequence);
        var row = Assert.Single(Find(identifier));
        Assert.Equal("2.1", row.Get(CatalogSchema.StudyInstanceUid));
    }

    [Fact]
    public void TryParse_StudyRootPatientLevel_IsRefused()
    {
        Assert.False(CatalogQuery.TryParse(Identifier("PATIENT"), QueryModel.StudyRoot, out _, out var error, out _));
        Assert.Equal(CatalogQueryError.LevelNotInModel, error);
        Assert.False(CatalogQuery.TryParse(new DicomDataset(), QueryModel.StudyRoot, out _, out error, out _));
        Assert.Equal(CatalogQueryError.BadLevel, error);
        Assert.False(CatalogQuery.TryParse(Identifier("STUDY", (CatalogSchema.StudyDate, DicomVR.DA, "yesterday")), QueryModel.StudyRoot, out _, out error, out _));
        Assert.Equal(CatalogQueryError.BadKeyValue, error);
    }

    [Theory]
    [InlineData("20200101-20201231-20221231")]
    [InlineData("2020-01-01")]
    [InlineData("20200101+0100")]
    [InlineData("202001011-")]
    [InlineData("20201341")]            // sweep N: these were answered 0x0000 with no match
    [InlineData("20200230")]
    [InlineData("20200201-20200101")]
    [InlineData("20200111\\2020-01-12")]
    public void TryParse_MalformedDateRange_RefusedNotHalfMatched(string date)
    {
        Assert.False(CatalogQuery.TryParse(Identifier("STUDY", (CatalogSchema.StudyDate, DicomVR.DA, date)), QueryModel.StudyRoot, out _, out var error, out _));
        Assert.Equal(CatalogQueryError.BadKeyValue, error);
    }

    [Fact]
    public void TryParse_KeyWithABinaryVR_RefusedSayingWhich()
    {
        var identifier = Identifier("STUDY");
        identifier.Add(new DicomValueElement(CatalogSchema.PatientName, DicomVR.US, new byte[] { 1, 0 }));
        Assert.False(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out _, out var error, out var detail));
        Assert.Equal((CatalogQueryError.BadKeyValue, "PatientName sent as US; its VR is PN"), (error, detail));
    }

    [Theory]
    [InlineData("25")]
    [InlineData("9999")]
    [InlineData("126000")]
    [InlineData("2500-0100")]
    public void TryParse_MalformedTime_Refused(string time)
    {
        Assert.False(CatalogQuery.TryParse(Identifier("STUDY", (StudyTime, DicomVR.TM, time)), QueryModel.StudyRoot, out _, out var error, out var detail));
        Assert.Equal(CatalogQueryError.BadKeyValue, error);
        Assert.StartsWith($"StudyTime '{time}' ", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20240110\\20240301", 2)]      // several values match any (sweep N: refused 0xC000)
    [InlineData("20230101-20231231\\20240301", 2)]
    [InlineData("20200101\\20200102", 0)]
    public void Find_StudyBySeveralDates_AnyMatches(string dates, int studies)
    {
        Assert.Equal(studies, Find(Identifier("STUDY", (CatalogSchema.StudyDate, DicomVR.DA, dates))).Length);
    }

    [Theory]
    [InlineData("20200101-20201231")]
    [InlineData("1999.01.31")]
    [InlineData("-20201231")]
    public void TryParse_DateOrRange_Accepted(string date) =>
        Assert.True(CatalogQuery.TryParse(Identifier("STUDY", (CatalogSchema.StudyDate, DicomVR.DA, date)), QueryModel.StudyRoot, out _, out _, out _));

    [Fact]
    public void Build_Response_ReturnsEveryKeyAndUtf8WhenNeeded()
    {
        var identifier = Identifier("STUDY", (CatalogSchema.PatientName, DicomVR.PN, "Dupont*"), (BirthDate, DicomVR.DA, ""), (new DicomTag(0x0008, 0x1030), DicomVR.LO, ""), (new DicomTag(0x0009, 0x1001), DicomVR.LO, ""));
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out _));
        var row = Assert.Single(CatalogSearch.Run(Region, query!, new QueryScope("chu-a", false)));
        var response = CatalogResponse.Build(row, query!);
        Assert.Equal("Dupont^Hélène", response.GetText(CatalogSchema.PatientName));
        Assert.Equal("19700101", response.GetText(BirthDate));
        Assert.True(response.Contains(new DicomTag(0x0008, 0x1030)));
        Assert.True(response.Contains(new DicomTag(0x0009, 0x1001)));
        Assert.Equal(["ISO_IR 192"], response.GetSpecificCharacterSet());
        Assert.Equal("STUDY", response.GetText(CatalogSchema.QueryRetrieveLevel));
    }

    [Fact]
    public void Build_ImageLevelRowsAndColumns_BinaryUnsignedShortsAsTheirVRSays()
    {
        // Rows and Columns are US: their two-byte binary value, not the text the catalog keeps ("16" read as US is 13873).
        var source = Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "1.1.1.9", "CT", "20240110");
        var values = new Dictionary<DicomTag, string>(source.Record.Values) { [Rows] = "512", [Columns] = "16" };
        var identifier = Identifier("IMAGE", (CatalogSchema.SopInstanceUid, DicomVR.UI, "1.1.1.9"), (Rows, DicomVR.US, ""), (Columns, DicomVR.US, ""), (BitsStored, DicomVR.US, ""));
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out _));
        var row = Assert.Single(CatalogSearch.Run([source with { Record = source.Record with { Values = values } }], query!, new QueryScope("chu-a", false)));

        var response = CatalogResponse.Build(row, query!);

        Assert.True(response.TryGetUInt16(Rows, out var rows) && rows == 512);
        Assert.True(response.TryGetUInt16(Columns, out var columns) && columns == 16);
        Assert.Equal(2, ((DicomValueElement)response[Columns]!).Length);
        Assert.Equal(0, ((DicomValueElement)response[BitsStored]!).Length); // not kept: returned empty
    }

    [Fact]
    public void Find_StoredNameWithEmptyTrailingComponents_MatchesTheShortForm()
    {
        var padded = Instance("chu-a", "CHUA", "4242", "Caret^Test^^^", "4.1", "4.1.1", "4.1.1.1", "CT", "20240110");
        foreach (var name in new[] { "Caret^Test", "CARET^TEST", "Caret^Test^^^", "Caret^Test*" })
        {
            Assert.True(CatalogQuery.TryParse(Identifier("STUDY", (CatalogSchema.PatientName, DicomVR.PN, name)), QueryModel.StudyRoot, out var query, out _, out _));
            Assert.Single(CatalogSearch.Run([padded], query!, new QueryScope("chu-a", false)));
        }
    }

    [Fact]
    public void Find_SeriesWhoseLastInstanceLacksModality_KeepsTheOneAnEarlierInstanceGave()
    {
        var first = Instance("chu-a", "CHUA", "4343", "Serie^Test", "5.1", "5.1.1", "5.1.1.1", "CT", "20240110");
        var values = new Dictionary<DicomTag, string>(first.Record.Values);
        values.Remove(CatalogSchema.Modality);
        var second = Instance("chu-a", "CHUA", "4343", "Serie^Test", "5.1", "5.1.1", "5.1.1.2", "CT", "20240110");
        second = second with { Record = second.Record with { Values = values.Where(v => v.Key != CatalogSchema.SopInstanceUid).Append(new(CatalogSchema.SopInstanceUid, "5.1.1.2")).ToDictionary() } };
        Assert.True(CatalogQuery.TryParse(Identifier("SERIES", (CatalogSchema.Modality, DicomVR.CS, "CT")), QueryModel.StudyRoot, out var query, out _, out _));

        var row = Assert.Single(CatalogSearch.Run([first, second], query!, new QueryScope("chu-a", false)));
        Assert.Equal("CT", row.Get(CatalogSchema.Modality));
        Assert.Equal("2", row.Get(CatalogSchema.NumberOfSeriesRelatedInstances));
    }

    [Fact]
    public void Merge_OneSopInstanceUnderTwoStudies_TheVersionStoredLastWins()
    {
        // The same SOP Instance UID sent again under another Study Instance UID: each study's partition answers its row.
        var first = Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.1", "1.1.1", "9.9.9", "CT", "20240110") with { StoredAt = DateTimeOffset.UnixEpoch.AddHours(1) };
        var second = Instance("chu-a", "CHUA", "12345", "Dupont^Hélène", "1.3", "1.3.1", "9.9.9", "CT", "20240110") with { StoredAt = DateTimeOffset.UnixEpoch.AddHours(2) };
        var identifier = Identifier("IMAGE", (CatalogSchema.SopInstanceUid, DicomVR.UI, "9.9.9"), (CatalogSchema.StudyInstanceUid, DicomVR.UI, ""));
        Assert.True(CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out _));
        var rows = new[] { second, first }.SelectMany(e => CatalogSearch.Run([e], query!, new QueryScope("chu-a", false))).ToArray();

        Assert.Equal("1.3", Assert.Single(CatalogMerge.Rows(rows, CatalogLevel.Image)).Get(CatalogSchema.StudyInstanceUid));
        Assert.Equal("1.3", Assert.Single(CatalogMerge.Rows(rows.Reverse(), CatalogLevel.Image)).Get(CatalogSchema.StudyInstanceUid));
    }

    private static readonly DicomTag Rows = new(0x0028, 0x0010);
    private static readonly DicomTag Columns = new(0x0028, 0x0011);
    private static readonly DicomTag BitsStored = new(0x0028, 0x0101);
}
