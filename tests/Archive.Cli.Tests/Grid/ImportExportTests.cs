using System.Text.Json;

namespace Archive.Cli.Tests.Grid;

[Collection(LocalGridCollection.Name)]
public sealed class ImportExportTests(LocalGridFixture grid)
{
    private const string CallingAe = "MIGRATION";

    [Fact]
    public async Task Import_InterruptedThenResumed_StoresEveryFileOnceAndReconcilesExactly()
    {
        using var corpus = ImportCorpus.Create(studies: 3, instancesPerStudy: 8);
        var journal = Path.Combine(corpus.Folder, ".archivectl-import.journal");
        var unique = corpus.Files.Count - 1;

        // Interrupt once a few files have been answered (as Ctrl+C would).
        using var interrupt = new CancellationTokenSource();
        var first = grid.Run(interrupt.Token, Import(corpus, "--parallel", "2"));
        while (!first.IsCompleted && (!File.Exists(journal) || File.ReadAllLines(journal).Length < 6))
        {
            await Task.Delay(20);
        }

        await interrupt.CancelAsync();
        var (firstCode, _, _) = await first;
        var answeredBefore = File.ReadAllLines(journal).Length - 1;
        Assert.True(answeredBefore >= 5);
        Assert.True(firstCode == ExitCodes.Failed || answeredBefore == corpus.Files.Count + 2, $"exit {firstCode}");

        var (code, output, error) = await grid.Run(Import(corpus, "--json"));
        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{output}\n{error}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.False(report.GetProperty("interrupted").GetBoolean());
        Assert.Equal(corpus.Files.Count + 2, report.GetProperty("run").GetProperty("found").GetInt64());
        Assert.True(report.GetProperty("run").GetProperty("resumed").GetInt64() >= 5);
        var outcomes = report.GetProperty("outcomes");
        Assert.Equal(corpus.Files.Count, outcomes.GetProperty("accepted").GetInt64());
        Assert.Equal(0, outcomes.GetProperty("refused").GetInt64());
        Assert.Equal(1, outcomes.GetProperty("notDicom").GetInt64());
        Assert.Equal(1, outcomes.GetProperty("dicomDir").GetInt64());
        var reconciliation = report.GetProperty("reconciliation");
        Assert.True(reconciliation.GetProperty("exact").GetBoolean());
        Assert.Equal(corpus.Files.Count, reconciliation.GetProperty("verified").GetInt64());
        Assert.Equal(unique, reconciliation.GetProperty("stored").GetInt64());
        Assert.Equal(1, reconciliation.GetProperty("duplicates").GetInt64());

        // The journal holds one line per file: nothing was answered twice across the two runs.
        var lines = File.ReadAllLines(journal).Skip(1).Select(l => l.Split('\t')[5]).ToArray();
        Assert.Equal(lines.Length, lines.Distinct().Count());

        // Every object the grid holds has the SHA-256 of the file it came from.
        foreach (var study in corpus.Studies)
        {
            var objects = await grid.Json([ExitCodes.Ok], "objects", study);
            foreach (var o in objects.GetProperty("objects").EnumerateArray())
            {
                var sop = o.GetProperty("sopInstanceUid").GetString()!;
                var source = corpus.BySop[sop];
                var version = Assert.Single(o.GetProperty("versions").EnumerateArray());
                Assert.Equal(ImportCorpus.StoredSha256(source), version.GetProperty("sha256").GetString());
            }
        }

        // A third run sends nothing and still reconciles exactly.
        var again = await grid.Json([ExitCodes.Ok], Import(corpus));
        Assert.Equal(0, again.GetProperty("run").GetProperty("answered").GetInt64());
        Assert.True(again.GetProperty("reconciliation").GetProperty("exact").GetBoolean());
        Assert.Equal(unique, again.GetProperty("reconciliation").GetProperty("stored").GetInt64());
    }

    [Fact]
    public async Task StudiesObjectsExport_ImportedStudy_FoundListedAndExportedByteIdentical()
    {
        using var corpus = ImportCorpus.Create(studies: 1, instancesPerStudy: 5);
        var (code, output, error) = await grid.Run(Import(corpus));
        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{output}\n{error}");
        var study = corpus.Studies[0];

        var studies = await grid.Json([ExitCodes.Ok], "studies", corpus.PatientId);
        var found = Assert.Single(studies.GetProperty("studies").EnumerateArray());
        Assert.Equal(study, found.GetProperty("studyInstanceUid").GetString());
        Assert.Equal(5, found.GetProperty("instances").GetInt32());
        Assert.Equal("CT", found.GetProperty("modalities").GetString());

        var objects = (await grid.Json([ExitCodes.Ok], "objects", study)).GetProperty("objects").EnumerateArray().ToArray();
        Assert.Equal(5, objects.Length);
        var one = objects[0];
        var bySop = await grid.Json([ExitCodes.Ok], "objects", one.GetProperty("sopInstanceUid").GetString()!);
        var single = Assert.Single(bySop.GetProperty("objects").EnumerateArray());
        var shards = single.GetProperty("versions")[0].GetProperty("shards").EnumerateArray().ToArray();
        Assert.Equal(single.GetProperty("versions")[0].GetProperty("dataShards").GetInt32() + single.GetProperty("versions")[0].GetProperty("parityShards").GetInt32(), shards.Count(s => s.GetProperty("part").GetInt32() == 0));
        Assert.Equal(shards.Length, shards.Select(s => (s.GetProperty("part").GetInt32(), s.GetProperty("nodeId").GetString())).Distinct().Count());

        var verified = await grid.Json([ExitCodes.Ok], "verify", study);
        Assert.Equal(5, verified.GetProperty("objects").GetArrayLength());
        Assert.All(verified.GetProperty("objects").EnumerateArray(), o => Assert.Equal(o.GetProperty("totalShards").GetInt32(), o.GetProperty("okShards").GetInt32()));
        var verifiedOne = await grid.Json([ExitCodes.Ok], "verify", one.GetProperty("sopInstanceUid").GetString()!); // no --study: found through the catalog
        Assert.Equal(one.GetProperty("sopInstanceUid").GetString(), Assert.Single(verifiedOne.GetProperty("objects").EnumerateArray()).GetProperty("objectName").GetString());

        var target = Path.Combine(Path.GetTempPath(), "archive-cli-export-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var export = await grid.Json([ExitCodes.Ok], "export", study, target);
            Assert.Equal(5, export.GetProperty("written").GetInt32());
            foreach (var o in objects)
            {
                var sop = o.GetProperty("sopInstanceUid").GetString()!;
                var path = Path.Combine(target, o.GetProperty("seriesInstanceUid").GetString()!, sop + ".dcm");
                var bytes = await File.ReadAllBytesAsync(path);
                Assert.Equal(o.GetProperty("versions")[0].GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
                var source = corpus.BySop[sop];
                Assert.Equal(Archive.Testing.Dicom.TestDicomObjects.DatasetOf(source), Archive.Testing.Dicom.TestDicomObjects.DatasetOf(bytes));
            }

            var again = await grid.Json([ExitCodes.Ok], "export", study, target);
            Assert.Equal(0, again.GetProperty("written").GetInt32());
            Assert.Equal(5, again.GetProperty("skipped").GetInt32());

            // A folder no file can be created in (not even by root) is named before the grid is asked (it said "Could not find file").
            var (refused, _, why) = await grid.Run(["export", study, "/proc"]);
            Assert.Equal(ExitCodes.BadInput, refused);
            Assert.StartsWith("export: cannot write in /proc: ", why, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task Import_DeflatedFileOfOddLength_ReconcilesExactly()
    {
        // Sent, and so stored, with the zero byte that pads it to even length: the expected digest includes it too.
        var folder = Directory.CreateTempSubdirectory("archivectl-import-deflated-").FullName;
        try
        {
            var study = "1.2.826.0.1.3680043.10.5401." + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var odd = Enumerable.Range(1, 64)
                .Select(seed => Archive.Testing.Dicom.TestDicomObjects.Part10(new Archive.Testing.Dicom.TestDicomObjects.Spec("Zip^Odd", "PID-ODD", study, study + ".1", study + ".1.1", Size: 16, PixelSeed: seed), Archive.Dicom.Model.DicomTransferSyntax.DeflatedExplicitVRLittleEndian))
                .First(bytes => Archive.Testing.Dicom.TestDicomObjects.DatasetOf(bytes).Length % 2 == 1);
            await File.WriteAllBytesAsync(Path.Combine(folder, "odd.dcm"), odd);

            var (code, output, error) = await grid.Run(["import", folder, "--host", "127.0.0.1", "--port", grid.Entry.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--aec", grid.Entry.DicomAe, "--aet", CallingAe, "--json"]);

            Assert.True(code == ExitCodes.Ok, $"exit {code}\n{output}\n{error}");
            Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("reconciliation").GetProperty("exact").GetBoolean());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_ArchiveNotListening_ExitsUnreachableAndKeepsTheJournal()
    {
        using var corpus = ImportCorpus.Create(studies: 1, instancesPerStudy: 2);
        var port = Network.NetworkCommandFixture.FreePort();
        var (code, _, error) = await grid.Run("import", corpus.Folder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--aet", CallingAe, "--timeout", "2");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("resume", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(corpus.Folder, ".archivectl-import.journal")));
    }

    [Fact]
    public async Task Import_CredentialsTheNodeRefuses_ExitBeforeAnyFileIsSent()
    {
        // Sweep I: a wrong --secret sent every file, then ended with exit 4 and no report.
        using var corpus = ImportCorpus.Create(studies: 1, instancesPerStudy: 2);
        var (code, output, error) = await Network.NetworkCommandFixture.Run([.. Import(corpus), "--node", grid.Entry.GrpcUrl, "--cluster", "local", "--secret", "not-the-secret"]);
        Assert.True(code == ExitCodes.Usage, $"exit {code}\n{output}\n{error}");
        Assert.Contains("nothing was sent", error, StringComparison.Ordinal);
        var listed = await grid.Json([ExitCodes.Ok, ExitCodes.Failed], "objects", corpus.Studies[0]);
        Assert.Equal(0, listed.GetProperty("objects").GetArrayLength());
    }

    private string[] Import(ImportCorpus corpus, params string[] extra) =>
        ["import", corpus.Folder, "--host", "127.0.0.1", "--port", grid.Entry.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--aec", grid.Entry.DicomAe, "--aet", CallingAe, .. extra];
}
