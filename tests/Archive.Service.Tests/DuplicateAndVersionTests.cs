using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;
using Archive.Service.Configuration;
using Archive.Service.Storing;
using Archive.Service.Tests.Support;
using Archive.Testing.Dicom;

namespace Archive.Service.Tests;

/// <summary>The same SOP instance again: identical bytes are stored once; different bytes become a new version, the old one kept.</summary>
public sealed class DuplicateAndVersionTests : IAsyncLifetime
{
    private const string Study = "1.2.826.0.1.3680043.10.5001.1";
    private const string Sop = Study + ".1.1";
    private ServiceHarness _archive = null!;

    public Task InitializeAsync()
    {
        _archive = new ServiceHarness([new RemoteAe("MODALITY", "127.0.0.1", 0, "chu-a", "CHUA", AePermissions.All), new RemoteAe("MIGRATION", "127.0.0.1", 0, "chu-a", "CHUA", AePermissions.All), new RemoteAe("HOSPB", "127.0.0.1", 0, "chu-b", "CHUB", AePermissions.All), new RemoteAe("REGION", "127.0.0.1", 0, "region", null, AePermissions.All, SeesAllSites: true)]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _archive.DisposeAsync();
        _archive.DeleteData();
    }

    [Fact]
    public async Task Store_SameBytesTwice_SuccessAndStoredOnce()
    {
        var bytes = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(bytes)).Status);
        var shards = _archive.Grid.Map.Nodes.Sum(n => _archive.Grid.Store(n.Id).Count);
        Assert.Equal(DimseStatus.Success, (await StoreAsync(bytes)).Status);
        Assert.Equal(shards, _archive.Grid.Map.Nodes.Sum(n => _archive.Grid.Store(n.Id).Count));
    }

    [Fact]
    public async Task Store_SameDatasetFromAnotherAe_IsADuplicateNotANewVersion()
    {
        var bytes = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(bytes)).Status);
        var shards = _archive.Grid.Map.Nodes.Sum(n => _archive.Grid.Store(n.Id).Count);
        Assert.Equal(DimseStatus.Success, (await StoreAsync(bytes, "MIGRATION")).Status);
        Assert.Equal(shards, _archive.Grid.Map.Nodes.Sum(n => _archive.Grid.Store(n.Id).Count));
    }

    [Fact]
    public async Task Store_DifferentBytesSameSop_WarnsKeepsBothAndServesTheNewest()
    {
        var first = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 1));
        var second = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 2));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(first)).Status);
        var response = await StoreAsync(second);
        Assert.Equal(0xB000, response.Status.Code);
        Assert.Equal(StoreStatusMap.NewVersionComment, response.Command.ErrorComment);

        var manifests = await _archive.Grid.Reader.FindAsync(Study, Sop);
        Assert.NotNull(manifests);
        await AssertServesAsync(second);
        using var oldest = new MemoryStream();
        Assert.True((await _archive.Grid.Reader.ReadAsync(Study, Sop, oldest, Archive.Codec.Fixity.Sha256Digest.Compute(WithOurMeta(first)))).IsSuccess);
        Assert.Equal(TestDicomObjects.DatasetOf(first), TestDicomObjects.DatasetOf(oldest.ToArray()));
    }

    [Fact]
    public async Task Store_AnEarlierVersionAgain_WarnsThatTheNewerStaysCurrent()
    {
        var first = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 1));
        var second = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 2));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(first)).Status);
        Assert.Equal(0xB000, (await StoreAsync(second)).Status.Code);

        // Told plain success before, while retrievals kept returning the second.
        var again = await StoreAsync(first);
        Assert.Equal(0xB000, again.Status.Code);
        Assert.Equal(StoreStatusMap.OlderVersionComment, again.Command.ErrorComment);
        await AssertServesAsync(second);
    }

    [Fact]
    public async Task Store_AnInstanceAnotherSiteArchived_RefusedToASiteScopedCaller_KeptTheSitesForOneThatSeesAllSites()
    {
        var original = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 1));
        var other = TestDicomObjects.Part10(new TestDicomObjects.Spec("Petit^Léa", "9", Study, Study + ".1", Sop, PixelSeed: 2));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(original)).Status);

        // The same bytes from site B were answered success though site B could never find them; other bytes from it
        // became the version site A's own retrievals returned.
        foreach (var bytes in new[] { original, other })
        {
            var refused = await StoreAsync(bytes, "HOSPB");
            Assert.Equal(0x0124, refused.Status.Code);
            Assert.Equal(StoreStatusMap.OtherSiteComment, refused.Command.ErrorComment);
        }

        await AssertServesAsync(original);
        Assert.Equal(DimseStatus.Success, (await StoreAsync(original, "REGION")).Status);

        // A caller that sees every site may send a new version; it stays the archiving site's (its queries and
        // retrievals would otherwise disagree on the newest), with that site's issuer when the bytes name none.
        Assert.Equal(0xB000, (await StoreAsync(other, "REGION")).Status.Code);
        await AssertServesAsync(other);
        var newest = Archive.Service.Cataloging.CatalogingManifestReplica.EntryOf((await _archive.Grid.Reader.FindAsync(Study, Sop))!)!.Record;
        Assert.Equal("chu-a", newest.Site);
        Assert.Equal(("CHUA", "9"), newest.PatientKey);
    }

    [Fact]
    public async Task Store_ANewInstanceIntoAnotherSitesStudy_RefusedToASiteScopedCaller_AdoptedBySiteForOneThatSeesAllSites()
    {
        var original = TestDicomObjects.Part10(new TestDicomObjects.Spec("Alpha^Alice", "12345", Study, Study + ".1", Sop, PixelSeed: 1));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(original)).Status);

        // Sweep X: site B needed only the Study Instance UID to add its own patient to site A's study, acknowledged 0x0000;
        // from then on site A's study and patient queries showed B's patient name, issuer and instance count.
        var intruder = TestDicomObjects.Part10(new TestDicomObjects.Spec("Bravo^Bob", "12345", Study, Study + ".9", Study + ".9.1", PixelSeed: 2));
        var refused = await StoreAsync(intruder, "HOSPB", Study + ".9.1");
        Assert.Equal(0x0124, refused.Status.Code);
        Assert.Equal(StoreStatusMap.OtherSiteComment, refused.Command.ErrorComment);
        Assert.Null(await _archive.Grid.Reader.FindAsync(Study, Study + ".9.1"));

        // A caller that sees every site adds to the study as the study's site, with its issuer when the object names none.
        var added = TestDicomObjects.Part10(new TestDicomObjects.Spec("Alpha^Alice", "12345", Study, Study + ".2", Study + ".2.1", PixelSeed: 3));
        Assert.Equal(DimseStatus.Success, (await StoreAsync(added, "REGION", Study + ".2.1")).Status);
        var record = Archive.Service.Cataloging.CatalogingManifestReplica.EntryOf((await _archive.Grid.Reader.FindAsync(Study, Study + ".2.1"))!)!.Record;
        Assert.Equal(("chu-a", ("CHUA", "12345")), (record.Site, record.PatientKey));
    }

    [Fact]
    public async Task Store_PixelDataCutShort_RefusedWithTheReasonAndNothingKept_ThenTheWholeOneIsStored()
    {
        // A send cut inside Pixel Data still parses up to it: without the tail check it was acknowledged and kept, and
        // every retrieve then handed peers an unparsable object.
        var whole = TestDicomObjects.Part10(new TestDicomObjects.Spec("Court^Jean", "10", Study, Study + ".1", Sop, PixelSeed: 3));
        var response = await StoreDatasetAsync(TestDicomObjects.DatasetOf(whole)[..^100]);
        Assert.Equal(DimseStatus.CannotUnderstand, response.Status);
        Assert.Contains("declares", response.Command.ErrorComment, StringComparison.Ordinal);
        Assert.Null(await _archive.Grid.Reader.FindAsync(Study, Sop));

        Assert.Equal(DimseStatus.Success, (await StoreAsync(whole)).Status);
    }

    [Fact]
    public async Task Store_EmptyDatasetOrOneHoldingFileMeta_RefusedSayingWhy()
    {
        // Sweep N: an empty dataset got 0xA900 "SOP class/instance differ"; one carrying a file's meta elements got
        // "DuplicateTag", though the sender sent no duplicate.
        var empty = await StoreDatasetAsync([]);
        Assert.Equal((DimseStatus.CannotUnderstand, "cannot parse: the dataset is empty"), (empty.Status, empty.Command.ErrorComment?.TrimEnd()));

        var whole = TestDicomObjects.Part10(new TestDicomObjects.Spec("Meta^Inside", "11", Study, Study + ".1", Sop));
        var withMeta = await StoreDatasetAsync([.. whole.AsSpan(128 + 4, whole.Length - 132 - TestDicomObjects.DatasetOf(whole).Length), .. TestDicomObjects.DatasetOf(whole)]);
        Assert.Equal(DimseStatus.CannotUnderstand, withMeta.Status);
        Assert.StartsWith("cannot parse: the dataset holds File Meta elements", withMeta.Command.ErrorComment, StringComparison.Ordinal);
        Assert.Null(await _archive.Grid.Reader.FindAsync(Study, Sop));
    }

    [Fact]
    public async Task Store_NameAfterPixelDataOrNoSopInstanceUid_RefusedSayingWhy()
    {
        // Sweep B (session 18): a Patient Name moved after Pixel Data was acknowledged and never reached the catalog; a
        // dataset without its SOP Instance UID was told its UIDs "differ from the command".
        var dataset = TestDicomObjects.DatasetOf(TestDicomObjects.Part10(new TestDicomObjects.Spec("Late^Name", "12", Study, Study + ".1", Sop)));
        byte[] lateName = [.. dataset, 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 4, 0, (byte)'A', (byte)'^', (byte)'B', (byte)' '];
        var late = await StoreDatasetAsync(lateName);
        Assert.Equal((DimseStatus.CannotUnderstand, "cannot parse: (0010,0010) after (7fe0,0010): out of order"), (late.Status, late.Command.ErrorComment?.TrimEnd()));
        Assert.Null(await _archive.Grid.Reader.FindAsync(Study, Sop));

        var at = dataset.AsSpan().IndexOf((byte[])[0x08, 0x00, 0x18, 0x00, (byte)'U', (byte)'I']); // explicit VR LE, short form
        byte[] withoutSop = [.. dataset.AsSpan(0, at), .. dataset.AsSpan(at + 8 + (dataset[at + 6] | (dataset[at + 7] << 8)))];
        var missing = await StoreDatasetAsync(withoutSop);
        Assert.Equal((DimseStatus.DataSetDoesNotMatchSopClass, "the dataset has no SOP Instance UID (0008,0018)"), (missing.Status, missing.Command.ErrorComment?.TrimEnd()));
    }

    /// <summary>Retrievals of the instance return <paramref name="part10"/>'s dataset (the current version).</summary>
    private async Task AssertServesAsync(byte[] part10)
    {
        using var current = new MemoryStream();
        Assert.True((await _archive.Grid.Reader.ReadAsync(Study, Sop, current)).IsSuccess);
        Assert.Equal(TestDicomObjects.DatasetOf(part10), TestDicomObjects.DatasetOf(current.ToArray()));
    }

    /// <summary>The object as the archive keeps it: our meta (the same whoever sent it), then the dataset as sent.</summary>
    private static byte[] WithOurMeta(byte[] part10) =>
        [.. Archive.Dicom.IO.DicomPart10Envelope.Header(TestDicomObjects.CtImageStorage, Sop, DicomTransferSyntax.ExplicitVRLittleEndian), .. TestDicomObjects.DatasetOf(part10)];

    private Task<DimseResponse> StoreAsync(byte[] part10, string callingAe = "MODALITY", string sop = Sop) => StoreDatasetAsync(TestDicomObjects.DatasetOf(part10), callingAe, sop);

    private async Task<DimseResponse> StoreDatasetAsync(byte[] dataset, string callingAe = "MODALITY", string sop = Sop)
    {
        var contexts = new PresentationContextList().Add(TestDicomObjects.CtImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        await using var client = await DicomClient.ConnectAsync("127.0.0.1", _archive.Port, "ARCHIVE", contexts, new DicomClientOptions { CallingAeTitle = callingAe });
        var response = await client.StoreAsync(TestDicomObjects.CtImageStorage, sop, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(dataset), dataset.Length);
        await client.ReleaseAsync();
        return response;
    }
}
