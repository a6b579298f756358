using System.Text.RegularExpressions;
using Archive.Dicom.Model;
using Archive.Service.Configuration;
using Archive.Service.Tests.Support;
using Archive.Testing.Dicom;
using Archive.Testing.Dcmtk;

namespace Archive.Service.Tests;

/// <summary>
/// What a hospital sees, proven with dcmtk: two sites store with storescu, query with findscu,
/// retrieve with movescu (to dcmtk's storescp) and getscu; every object comes back byte-identical,
/// also with two of the six grid nodes dead.
/// </summary>
public sealed partial class ArchiveServiceInteropTests : IAsyncLifetime
{
    private const string StudyA = "1.2.826.0.1.3680043.10.2001.1";
    private const string StudyB = "1.2.826.0.1.3680043.10.2001.2";

    private readonly string _work = Path.Combine(Path.GetTempPath(), "archive-interop-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _destinationPort = DcmtkTool.FreePort();
    private readonly Dictionary<string, byte[]> _sent = [];
    private ServiceHarness _archive = null!;
    private System.Diagnostics.Process _storescp = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_work, "dest"));
        _archive = new ServiceHarness(
        [
            new RemoteAe("PACS_A", "127.0.0.1", 0, "chu-a", "CHUA", AePermissions.All),
            new RemoteAe("PACS_B", "127.0.0.1", 0, "clinic-b", "CLINB", AePermissions.All),
            new RemoteAe("ADMIN", "127.0.0.1", 0, "chu-a", null, AePermissions.Query | AePermissions.Retrieve, SeesAllSites: true),
            new RemoteAe("DEST", "127.0.0.1", _destinationPort, "chu-a", null, AePermissions.None),
        ]);
        _storescp = DcmtkTool.Start("storescp", ["-aet", "DEST", "-od", Path.Combine(_work, "dest"), "-uf", _destinationPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await DcmtkTool.WaitForPortAsync(_destinationPort, TimeSpan.FromSeconds(10));

        var a1 = Write("a1", new TestDicomObjects.Spec("Dupont^Hélène", "12345", StudyA, StudyA + ".1", StudyA + ".1.1", PixelSeed: 1));
        var a2 = Write("a2", new TestDicomObjects.Spec("Dupont^Hélène", "12345", StudyA, StudyA + ".1", StudyA + ".1.2", PixelSeed: 2), DicomTransferSyntax.ImplicitVRLittleEndian);
        var a3 = Write("a3", new TestDicomObjects.Spec("Dupont^Hélène", "12345", StudyA, StudyA + ".2", StudyA + ".2.1", Modality: "MR", PixelSeed: 3, Size: 256));
        var b = Write("b1", new TestDicomObjects.Spec("Durand^Paul", "12345", StudyB, StudyB + ".1", StudyB + ".1.1", Accession: "B77", StudyDate: "20231224", PixelSeed: 4));

        // Each file goes on the wire in its own transfer syntax (storescu would convert otherwise).
        Assert.Equal(0, (await Storescu("PACS_A", ["-xe", a1, a3])).ExitCode);
        Assert.Equal(0, (await Storescu("PACS_A", ["-xi", a2])).ExitCode);
        Assert.Equal(0, (await Storescu("PACS_B", ["-xe", b])).ExitCode);
    }

    public Task DisposeAsync() => _archive.DisposeWithAsync(_storescp, _work);

    [Fact]
    public async Task Findscu_SamePatientIdAtTwoSites_EachSiteSeesItsOwn()
    {
        Assert.Equal([StudyA], await FindStudies("PACS_A", "PatientID=12345"));
        Assert.Equal([StudyB], await FindStudies("PACS_B", "PatientID=12345"));
        Assert.Equal([StudyA, StudyB], (await FindStudies("ADMIN", "PatientID=12345")).Order());
    }

    [Fact]
    public async Task Storescu_ANewInstanceIntoAnotherSitesStudy_RefusedAndTheSitesAnswersUnchanged()
    {
        // Sweep X: site B's instance named site A's study, and A's queries then answered B's patient.
        var intruder = Write("intruder", new TestDicomObjects.Spec("Intrus^Ivan", "12345", StudyA, StudyA + ".9", StudyA + ".9.1", PixelSeed: 9));
        var stored = await Storescu("PACS_B", ["-v", "-xe", intruder]);
        Assert.Contains("0x124", stored.Output, StringComparison.OrdinalIgnoreCase); // dcmtk 3.6.7 prints "Unknown Status: 0x124" (Refused: Not Authorized)

        var study = await Findscu("PACS_A", "STUDY", $"StudyInstanceUID={StudyA}", "PatientName", "NumberOfStudyRelatedInstances");
        Assert.Contains("Dupont^H", study, StringComparison.Ordinal);
        Assert.DoesNotContain("Intrus", study, StringComparison.Ordinal);
        Assert.Matches(@"\(0020,1208\) IS \[3 ?\]", study);
    }

    [Theory]
    [InlineData("PatientName=dupont*")]
    [InlineData("PatientName=DUPONT^HELENE")]
    [InlineData("StudyDate=20240101-20241231")]
    [InlineData("AccessionNumber=ACC1")]
    [InlineData("ModalitiesInStudy=MR")]
    public async Task Findscu_TypicalPacsQueries_FindTheStudy(string key)
    {
        Assert.Equal([StudyA], await FindStudies("ADMIN", key));
    }

    [Fact]
    public async Task Findscu_SeriesAndImageLevels_ListEverything()
    {
        var series = await Findscu("PACS_A", "SERIES", $"StudyInstanceUID={StudyA}", "SeriesInstanceUID", "NumberOfSeriesRelatedInstances");
        Assert.Equal(2, Uids(series, "0020,000e").Count);
        var images = await Findscu("PACS_A", "IMAGE", $"StudyInstanceUID={StudyA}", $"SeriesInstanceUID={StudyA}.1", "SOPInstanceUID");
        Assert.Equal([StudyA + ".1.1", StudyA + ".1.2"], Uids(images, "0008,0018").Order());
    }

    [Fact]
    public async Task Findscu_ImageLevelRowsAndColumns_ComeBackAsNumbers()
    {
        var images = await Findscu("PACS_A", "IMAGE", $"StudyInstanceUID={StudyA}", $"SOPInstanceUID={StudyA}.2.1", "Rows", "Columns");
        Assert.Matches(@"\(0028,0010\) US 256 ", images);
        Assert.Matches(@"\(0028,0011\) US 256 ", images);
    }

    [Fact]
    public async Task Movescu_ToStorescp_DeliversByteIdenticalDatasets()
    {
        var result = await DcmtkTool.RunAsync("movescu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", Port]);
        Assert.True(result.ExitCode == 0, result.Output);
        AssertReceived(Path.Combine(_work, "dest"), StudyA + ".1.1", StudyA + ".1.2", StudyA + ".2.1");
    }

    [Fact]
    public async Task Movescu_StudyLevelWithLowerLevelAndOtherKeys_StillSendsTheWholeStudy()
    {
        // PS3.4 C.4.2.2.1: the unique keys name the entities; a C-FIND answer sent back with its series UID and a
        // modality filled in once got part of the study with Success (sweep U).
        var result = await DcmtkTool.RunAsync("movescu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "-k", $"SeriesInstanceUID={StudyA}.2", "-k", "Modality=CT", "-k", "PatientName=Someone^Else", "127.0.0.1", Port]);
        Assert.True(result.ExitCode == 0, result.Output);
        AssertReceived(Path.Combine(_work, "dest"), StudyA + ".1.1", StudyA + ".1.2", StudyA + ".2.1");
    }

    [Theory]
    [InlineData("StudyInstanceUID=")]
    [InlineData("StudyInstanceUID=1.2*")]
    public async Task Getscu_WithoutAUniqueKeyValue_IsRefusedWithNothingSent(string key)
    {
        var output = Path.Combine(_work, "get-refused");
        Directory.CreateDirectory(output);
        var result = await DcmtkTool.RunAsync("getscu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-od", output, "-k", "QueryRetrieveLevel=STUDY", "-k", key, "127.0.0.1", Port]);
        Assert.Contains("DataSetDoesNotMatchSOPClass", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task Getscu_AndTwoNodesDead_StillByteIdentical()
    {
        _archive.Grid.Kill("n001", "n004");
        var output = Path.Combine(_work, "get");
        Directory.CreateDirectory(output);
        var result = await DcmtkTool.RunAsync("getscu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-od", output, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", Port]);
        Assert.True(result.ExitCode == 0, result.Output);
        AssertReceived(output, StudyA + ".1.1", StudyA + ".2.1");

        // getscu accepts explicit VR only: the implicit-stored instance arrives transcoded, every element equal.
        var received = Directory.GetFiles(output).Single(f => f.Contains(StudyA + ".1.2", StringComparison.Ordinal));
        var file = Archive.Dicom.IO.DicomFileReader.Read(File.ReadAllBytes(received)).File;
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, file.TransferSyntax.Uid);
        var original = Archive.Dicom.IO.DicomDatasetBytes.Decode(_sent[StudyA + ".1.2"], DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal(
            original.OfType<DicomValueElement>().Select(e => (e.Tag, Convert.ToHexString(e.Value.Span))),
            file.Dataset.OfType<DicomValueElement>().Select(e => (e.Tag, Convert.ToHexString(e.Value.Span))));
        Assert.Equal([StudyA], await FindStudies("PACS_A", "PatientID=12345"));
    }

    [Theory]
    [InlineData("+xs")] // JPEG Lossless first
    [InlineData("+xb")] // Explicit VR Big Endian first
    [InlineData("+xd")] // Deflated first
    public async Task Getscu_PreferringASyntaxTheArchiveCannotProduce_StillGetsEveryUncompressedInstance(string preference)
    {
        var output = Path.Combine(_work, "get" + preference);
        Directory.CreateDirectory(output);
        var result = await DcmtkTool.RunAsync("getscu", ["-S", preference, "-aet", "PACS_A", "-aec", "ARCHIVE", "-od", output, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", Port]);
        Assert.True(result.ExitCode == 0, result.Output);
        AssertReceived(output, StudyA + ".1.1", StudyA + ".2.1");
        Assert.Equal(3, Directory.GetFiles(output).Length);
    }

    [Fact]
    public async Task Getscu_AcceptingOnlyImplicit_GetsADeflatedInstanceInflated()
    {
        // Stored deflated as sent; a peer taking only the default syntax gets it inflated (lossless, no pixel codec).
        const string Study = "1.2.826.0.1.3680043.10.4011.1";
        var plain = Write("deflate-src", new TestDicomObjects.Spec("Zip^Anna", "77", Study, Study + ".1", Study + ".1.1", PixelSeed: 9));
        var deflated = Path.Combine(_work, "deflated.dcm");
        Assert.Equal(0, (await DcmtkTool.RunAsync("dcmconv", ["+td", plain, deflated])).ExitCode);
        Assert.Equal(0, (await Storescu("PACS_A", ["-xd", deflated])).ExitCode);

        var output = Path.Combine(_work, "get-implicit");
        Directory.CreateDirectory(output);
        var result = await DcmtkTool.RunAsync("getscu", ["-S", "+xi", "-aet", "PACS_A", "-aec", "ARCHIVE", "-od", output, "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}", "127.0.0.1", Port]);
        Assert.True(result.ExitCode == 0, result.Output);
        var received = Archive.Dicom.IO.DicomFileReader.Read(File.ReadAllBytes(Assert.Single(Directory.GetFiles(output)))).File;
        var original = Archive.Dicom.IO.DicomDatasetBytes.Decode(_sent[Study + ".1.1"], DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(
            original.OfType<DicomValueElement>().Select(e => (e.Tag, Convert.ToHexString(e.Value.Span))),
            received.Dataset.OfType<DicomValueElement>().Select(e => (e.Tag, Convert.ToHexString(e.Value.Span))));
    }

    [Fact]
    public async Task Echoscu_UnknownCallingAe_IsRejected()
    {
        var result = await DcmtkTool.RunAsync("echoscu", ["-aet", "STRANGER", "-aec", "ARCHIVE", "127.0.0.1", Port]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, (await DcmtkTool.RunAsync("echoscu", ["-aet", "PACS_A", "-aec", "ARCHIVE", "127.0.0.1", Port])).ExitCode);
    }

    [Fact]
    public async Task Echoscu_CallingAnotherAeTitle_IsRejectedCalledAeNotRecognized_AndAudited()
    {
        var result = await DcmtkTool.RunAsync("echoscu", ["-v", "-aet", "PACS_A", "-aec", "NOT_ARCHIVE", "127.0.0.1", Port]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Called AE Title Not Recognized", result.Output, StringComparison.Ordinal);

        await Task.Delay(200); // the writer appends what the handlers queued
        var rejected = Assert.Single(Archive.Storage.Audit.AuditLogReader.Read(_archive.AuditDirectory, new(null, null, null, null, null, 100)).Records, r => r.Type == "association-rejected");
        Assert.Equal(("association-rejected", "PACS_A", "called AE title NOT_ARCHIVE is not this archive's (ARCHIVE)"), (rejected.Type, rejected.Actor, rejected.Outcome));
        Assert.Matches(@"^127\.0\.0\.1:\d+$", rejected.From);
    }

    [Fact]
    public async Task AuditTrail_RecordsWhoStoredQueriedRetrievedAndWhoWasTurnedAway_WithoutPatientData()
    {
        Assert.Equal([StudyA], await FindStudies("PACS_A", "PatientName=dupont*"));
        Assert.Equal(0, (await DcmtkTool.RunAsync("movescu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", Port])).ExitCode);
        var unknown = await DcmtkTool.RunAsync("movescu", ["-S", "-aet", "PACS_A", "-aec", "ARCHIVE", "-aem", "NOWHERE", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", Port]);
        Assert.Contains("Move response with error status (Refused", unknown.Output, StringComparison.Ordinal);
        var byPatient = await DcmtkTool.RunAsync("movescu", ["-P", "-aet", "PACS_A", "-aec", "ARCHIVE", "-aem", "NOWHERE", "-k", "QueryRetrieveLevel=PATIENT", "-k", "PatientID=SECRET-ID-42", "127.0.0.1", Port]);
        Assert.Contains("Move response with error status (Refused", byPatient.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, (await DcmtkTool.RunAsync("echoscu", ["-aet", "STRANGER", "-aec", "ARCHIVE", "127.0.0.1", Port])).ExitCode);
        await Task.Delay(200); // the writer appends what the handlers queued

        var records = Archive.Storage.Audit.AuditLogReader.Read(_archive.AuditDirectory, new(null, null, null, null, null, 100)).Records;
        Assert.Equal(
            [("store", "PACS_A", StudyA + ".1.1"), ("store", "PACS_A", StudyA + ".2.1"), ("store", "PACS_A", StudyA + ".1.2"), ("store", "PACS_B", StudyB + ".1.1")],
            records.Where(r => r.Type == "store").Select(r => (r.Type, r.Actor, r.Subject)));
        Assert.All(records.Where(r => r.Type == "store"), r => Assert.Equal("0x0000", r.Outcome));
        var query = Assert.Single(records, r => r.Type == "query");
        Assert.Equal(("PACS_A", "0x0000", "STUDY level, 1 match(es)"), (query.Actor, query.Outcome, query.Detail));
        // Each retrieve: what it was resolved to, per study, then how it ended; one refused before that is recorded too,
        // with what it asked for.
        Assert.Equal(
            [
                ("PACS_A", "resolved", StudyA, "C-MOVE to DEST: 3 instance(s) to send"),
                ("PACS_A", "0x0000", null, "C-MOVE to DEST: 3 completed, 0 failed, 0 warning, 0 not sent"),
                ("PACS_A", "0xA801", StudyA, "C-MOVE to NOWHERE, STUDY level; move destination unknown"),
                ("PACS_A", "0xA801", null, "C-MOVE to NOWHERE, PATIENT level; move destination unknown"),
            ],
            records.Where(r => r.Type == "retrieve").Select(r => (r.Actor, r.Outcome, r.Study, r.Detail)));
        Assert.Equal("STRANGER", Assert.Single(records, r => r.Type == "association-rejected").Actor);
        Assert.True(Archive.Storage.Audit.AuditLogReader.CheckChain(_archive.AuditDirectory).Intact);

        // Sweep X: every DICOM record says where the caller called from (the title alone can be claimed by anyone).
        Assert.All(records, r => Assert.Matches(@"^127\.0\.0\.1:\d+$", r.From));

        // Logs and audit never carry a patient name or ID (UIDs are fine).
        var text = string.Concat(Directory.GetFiles(_archive.AuditDirectory).Select(File.ReadAllText));
        Assert.DoesNotContain("Dupont", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("12345", text, StringComparison.Ordinal);
    }

    private string Port => _archive.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Write(string name, TestDicomObjects.Spec spec, DicomTransferSyntax? syntax = null)
    {
        var bytes = TestDicomObjects.Part10(spec, syntax);
        var path = Path.Combine(_work, name + ".dcm");
        File.WriteAllBytes(path, bytes);
        _sent[spec.SopUid] = TestDicomObjects.DatasetOf(bytes);
        return path;
    }

    private Task<DcmtkTool.Result> Storescu(string aet, IEnumerable<string> optionsAndFiles) =>
        DcmtkTool.RunAsync("storescu", ["-aet", aet, "-aec", "ARCHIVE", "127.0.0.1", Port, .. optionsAndFiles]);

    private async Task<List<string>> FindStudies(string aet, string key) =>
        Uids(await Findscu(aet, "STUDY", key, "StudyInstanceUID"), "0020,000d");

    private async Task<string> Findscu(string aet, string level, params string[] keys)
    {
        var args = new List<string> { "-S", "-aet", aet, "-aec", "ARCHIVE", "-k", $"QueryRetrieveLevel={level}" };
        foreach (var key in keys)
        {
            args.AddRange(["-k", key]);
        }

        args.AddRange(["127.0.0.1", Port]);
        var result = await DcmtkTool.RunAsync("findscu", args);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    /// <summary>The values of one tag in findscu's response dumps.</summary>
    private static List<string> Uids(string output, string tag) =>
        Regex.Matches(output, @"\(" + tag + @"\) \w\w \[([^\]]*)\]").Select(m => m.Groups[1].Value.TrimEnd('\0', ' ')).Where(v => v.Length > 0).ToList();

    private void AssertReceived(string folder, params string[] sopUids)
    {
        var files = Directory.GetFiles(folder);
        foreach (var uid in sopUids)
        {
            var file = files.SingleOrDefault(f => Path.GetFileName(f).Contains(uid, StringComparison.Ordinal));
            Assert.True(file is not null, $"{uid} not received in {folder}: {string.Join(", ", files.Select(Path.GetFileName))}");
            Assert.Equal(_sent[uid], TestDicomObjects.DatasetOf(File.ReadAllBytes(file)));
        }
    }
}
