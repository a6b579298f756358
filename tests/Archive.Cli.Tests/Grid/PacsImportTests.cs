using System.Globalization;
using System.Text.Json;

namespace Archive.Cli.Tests.Grid;

/// <summary><c>import --from-pacs</c> with one grid node in the role of the legacy PACS (C-FIND, C-MOVE, journal, count reconciliation).</summary>
[Collection(LocalGridCollection.Name)]
public sealed class PacsImportTests(LocalGridFixture grid)
{
    [Fact]
    public async Task FromPacs_DestinationUnknownToThePacs_JournalsEachStudyRefused()
    {
        using var corpus = ImportCorpus.Create(studies: 2, instancesPerStudy: 2);
        var port = grid.Entry.DicomPort.ToString(CultureInfo.InvariantCulture);
        var (stored, _, storeError) = await grid.Run("import", corpus.Folder, "--port", port, "--aec", grid.Entry.DicomAe, "--aet", "MIGRATION");
        Assert.True(stored == ExitCodes.Ok, storeError);
        var journal = Path.Combine(corpus.Folder, "pacs.journal");

        var (code, output, error) = await grid.Run("import", "--from-pacs", $"{grid.Entry.DicomAe}@127.0.0.1:{port}", "--patient-id", corpus.PatientId, "--move-dest", "NOWHERE", "--state", journal, "--json");
        Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, report.GetProperty("run").GetProperty("found").GetInt64());
        Assert.Equal(2, report.GetProperty("outcomes").GetProperty("refused").GetInt64());
        // The studies are in the grid already: the count reconciliation finds every instance the PACS reports.
        Assert.True(report.GetProperty("reconciliation").GetProperty("exact").GetBoolean());
        var lines = File.ReadAllLines(journal).Skip(1).ToArray();
        Assert.Equal(corpus.Studies.Select(s => "study/" + s).Order(), lines.Select(l => l.Split('\t')[5]).Order());
        Assert.All(lines, l => Assert.StartsWith("Refused\t", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FromPacs_APacsThatReportsNoCounts_IsReconciledByItsInstanceList_NotCalledExactOverNothing()
    {
        // Sweep P: dcmqrscp gives no Number of Study Related Instances, and its C-MOVE destination "ARCHIVE" reached
        // another SCP: the moves succeeded, the grid held nothing, and the import said EXACT and exited 0.
        using var corpus = ImportCorpus.Create(studies: 2, instancesPerStudy: 2);
        await using var pacs = await QrPacs.StartAsync(corpus, "MISROUTED");

        var (code, output, error) = await grid.Run("import", "--from-pacs", pacs.Source, "--move-dest", "MISROUTED", "--state", pacs.Journal, "--json");

        Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
        var reconciliation = JsonDocument.Parse(output).RootElement.GetProperty("reconciliation");
        Assert.False(reconciliation.GetProperty("exact").GetBoolean());
        Assert.Equal(4, reconciliation.GetProperty("missing").GetInt64());
        Assert.Equal(4, Directory.GetFiles(pacs.Received).Length); // the moves did succeed, elsewhere
    }

    [Fact]
    public async Task FromPacs_CtrlCDuringAMove_EndsInterrupted_NotJournaledAsThePacsRefusal()
    {
        // Session 14: the C-CANCEL that Ctrl-C sends ends the move with Cancel (0xFE00), which was journaled as the PACS
        // refusing the study and counted as failed in the interrupted run's report.
        using var corpus = ImportCorpus.Create(studies: 2, instancesPerStudy: 3);
        await using var pacs = await QrPacs.StartAsync(corpus, "SLOW", "--sleep-during", "2");
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var (code, output, error) = await grid.Run(ctrlC.Token, "import", "--from-pacs", pacs.Source, "--move-dest", "SLOW", "--state", pacs.Journal, "--json");

        Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("interrupted").GetBoolean(), output);
        Assert.Equal(0, report.GetProperty("outcomes").GetProperty("refused").GetInt64());
        Assert.DoesNotContain(File.ReadAllLines(pacs.Journal).Skip(1), l => l.StartsWith("Refused\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FromPacs_AnInstanceThePacsListsIsNotHeld_NotExactEvenWhenTheCountsMatch_AndMovedAgainOnResume()
    {
        // Sweep I: the PACS reported three instances, the grid held three of the study (another PACS's), and the one only
        // this PACS had never came over, yet the import said EXACT: counts alone were compared.
        using var corpus = ImportCorpus.Create(studies: 1, instancesPerStudy: 3);
        var (study, held) = await StoreOneStudyAsync(corpus);
        await using var pacs = new FakePacs(study, reported: 3, listed: [held[0], held[1], study + ".1.99"]);
        var journal = Path.Combine(corpus.Folder, "fake.journal");

        var (code, output, error) = await grid.Run("import", "--from-pacs", pacs.Source, "--state", journal, "--json");

        Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
        var report = JsonDocument.Parse(output).RootElement;
        var reconciliation = report.GetProperty("reconciliation");
        Assert.False(reconciliation.GetProperty("exact").GetBoolean());
        Assert.Equal(1, reconciliation.GetProperty("missing").GetInt64());
        Assert.Equal(2, reconciliation.GetProperty("verified").GetInt64());
        Assert.Equal(2, reconciliation.GetProperty("duplicates").GetInt64()); // held before the import started
        Assert.Equal(1, report.GetProperty("outcomes").GetProperty("refused").GetInt64());
        Assert.StartsWith("Refused\t", File.ReadAllLines(journal)[^1], StringComparison.Ordinal);

        // The resumed run moves the study again instead of skipping it as done.
        var (again, _, _) = await grid.Run("import", "--from-pacs", pacs.Source, "--state", journal, "--json");
        Assert.Equal(ExitCodes.Failed, again);
        Assert.Equal(2, pacs.Moves);
    }

    [Fact]
    public async Task FromPacs_AStudyMovedInAnEarlierRun_ThatThePacsHasMoreOfNow_IsMovedAgainInTheNextRun()
    {
        // Sweep W: the next run skipped the study as moved, found it short only afterwards, and left it for a third run.
        using var corpus = ImportCorpus.Create(studies: 1, instancesPerStudy: 2);
        var (study, held) = await StoreOneStudyAsync(corpus);
        await using var pacs = new FakePacs(study, reported: 2, listed: held);
        var journal = Path.Combine(corpus.Folder, "grown.journal");
        var (first, firstOutput, firstError) = await grid.Run("import", "--from-pacs", pacs.Source, "--state", journal);
        Assert.True(first == ExitCodes.Ok, $"exit {first}\n{firstOutput}\n{firstError}");
        Assert.Equal(1, pacs.Moves);

        pacs.Listed = [.. held, study + ".1.77"]; // the PACS received one more since
        var (code, output, error) = await grid.Run("import", "--from-pacs", pacs.Source, "--state", journal);

        Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}"); // this PACS moves nothing: still short
        Assert.Equal(2, pacs.Moves);
        Assert.Contains("1 studies: 0 moved now, 0 moved in earlier runs, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromPacs_CredentialsTheNodeRefuses_ExitBeforeAnythingMoves()
    {
        // Sweep I: a wrong --secret moved every study, then ended with exit 4 and no report.
        await using var pacs = new FakePacs("1.2.826.0.1.3680043.9.7.1", reported: 1, listed: ["1.2.826.0.1.3680043.9.7.1.1.1"]);
        var journal = Path.Combine(Path.GetTempPath(), $"pacs-secret-{Guid.NewGuid():N}.journal");

        var (code, output, error) = await Network.NetworkCommandFixture.Run("import", "--from-pacs", pacs.Source, "--state", journal, "--node", grid.Entry.GrpcUrl, "--cluster", "local", "--secret", "not-the-secret");

        Assert.True(code == ExitCodes.Usage, $"exit {code}\n{output}\n{error}");
        Assert.Contains("nothing was sent", error, StringComparison.Ordinal);
        Assert.Equal(0, pacs.Queries);
        Assert.False(File.Exists(journal));
    }

    [Fact]
    public async Task FromPacs_APacsThatAcceptsTheConnectionButNeverAnswers_IsLeftAfterTimeout()
    {
        // Sweep I: the association request waited 30 minutes whatever --timeout said.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var state = Path.Combine(Path.GetTempPath(), $"pacs-silent-{Guid.NewGuid():N}.journal");
        try
        {
            var run = grid.Run("import", "--from-pacs", $"SILENT@127.0.0.1:{port}", "--timeout", "2", "--state", state, "--json");
            Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))));
            var (code, output, error) = await run;
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
            Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("interrupted").GetBoolean(), output);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public void FromPacs_DefaultJournal_IsOnePerPacs()
    {
        // Sweep I: named after the AE title alone, two PACSes with one title shared it.
        var first = Commands.Import.PacsImport.DefaultJournalPath("LEGACY", "10.0.0.1", 104);
        Assert.NotEqual(first, Commands.Import.PacsImport.DefaultJournalPath("LEGACY", "10.0.0.1", 105));
        Assert.NotEqual(first, Commands.Import.PacsImport.DefaultJournalPath("LEGACY", "10.0.0.2", 104));
        Assert.Equal("archivectl-import-OLD_PACS@10.0.0.1-104.journal", Path.GetFileName(Commands.Import.PacsImport.DefaultJournalPath("OLD/PACS", "10.0.0.1", 104)));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2015")]
    [InlineData("20991231-20000101")]
    [InlineData("20150230")]
    public async Task FromPacs_MalformedStudyDate_ExitsUsage(string date)
    {
        // Sweep P: these matched nothing at the PACS, and the import said EXACT over zero studies.
        var (code, _, error) = await grid.Run("import", "--from-pacs", "PACS@127.0.0.1:104", "--study-date", date);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is not a date or range", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromPacs_PacsUnreachable_EndsInterruptedWithItsReport()
    {
        // Sweep P: exit 4 ("archive unreachable") and no JSON at all when the PACS went away.
        var state = Path.Combine(Path.GetTempPath(), $"pacs-gone-{Guid.NewGuid():N}.journal");
        try
        {
            var (code, output, error) = await grid.Run("import", "--from-pacs", $"GONE@127.0.0.1:{Archive.Testing.Dcmtk.DcmtkTool.FreePort()}", "--state", state, "--json");
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
            var report = JsonDocument.Parse(output).RootElement;
            Assert.True(report.GetProperty("interrupted").GetBoolean());
            Assert.Contains(report.GetProperty("problems").EnumerateArray(), p => p.GetProperty("path").GetString()!.StartsWith("pacs/", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task FromPacs_MalformedSource_ExitsUsage()
    {
        var (code, _, error) = await grid.Run("import", "--from-pacs", "no-port-here");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("AE@host:port", error, StringComparison.Ordinal);
    }

    /// <summary>Imports the corpus's one study into the grid; its UID and its instances' UIDs, in order.</summary>
    private async Task<(string Study, string[] Held)> StoreOneStudyAsync(ImportCorpus corpus)
    {
        var port = grid.Entry.DicomPort.ToString(CultureInfo.InvariantCulture);
        var (stored, _, storeError) = await grid.Run("import", corpus.Folder, "--port", port, "--aec", grid.Entry.DicomAe, "--aet", "MIGRATION");
        Assert.True(stored == ExitCodes.Ok, storeError);
        var study = corpus.Studies.Single();
        return (study, corpus.BySop.Keys.Where(sop => sop.StartsWith(study + ".", StringComparison.Ordinal)).Order().ToArray());
    }

    /// <summary>
    /// dcmtk's dcmqrscp as the legacy PACS (it reports no instance counts), holding <c>corpus</c>, with one C-MOVE
    /// destination: a storescp (given extra arguments) under the destination's title. Stopped and removed on dispose.
    /// </summary>
    private sealed class QrPacs : IAsyncDisposable
    {
        private readonly string _work;
        private readonly System.Diagnostics.Process _qrscp;
        private readonly System.Diagnostics.Process _destination;

        private QrPacs(string work, int port, System.Diagnostics.Process qrscp, System.Diagnostics.Process destination)
        {
            (_work, _qrscp, _destination) = (work, qrscp, destination);
            Source = $"QRSCP@127.0.0.1:{port}";
        }

        /// <summary>The PACS as <c>--from-pacs</c> takes it.</summary>
        public string Source { get; }

        /// <summary>Where the destination writes what it receives.</summary>
        public string Received => Path.Combine(_work, "received");

        /// <summary>A journal path for the import.</summary>
        public string Journal => Path.Combine(_work, "j.journal");

        public static async Task<QrPacs> StartAsync(ImportCorpus corpus, string destinationAe, params string[] destinationArguments)
        {
            var work = Directory.CreateTempSubdirectory("pacs-import-qr-").FullName;
            var (pacsPort, destinationPort) = (Archive.Testing.Dcmtk.DcmtkTool.FreePort(), Archive.Testing.Dcmtk.DcmtkTool.FreePort());
            Directory.CreateDirectory(Path.Combine(work, "db"));
            Directory.CreateDirectory(Path.Combine(work, "received"));
            await Archive.Testing.Dcmtk.Dcmqrscp.WriteConfigAsync(Path.Combine(work, "qr.cfg"), pacsPort, Path.Combine(work, "db"), destinationAe, destinationPort);
            var indexed = await Archive.Testing.Dcmtk.DcmtkTool.RunAsync("dcmqridx", [Path.Combine(work, "db"), .. Directory.GetFiles(corpus.Folder, "*.dcm", SearchOption.AllDirectories)]);
            Assert.True(indexed.ExitCode == 0, indexed.Output);
            var pacs = new QrPacs(
                work,
                pacsPort,
                Archive.Testing.Dcmtk.DcmtkTool.Start("dcmqrscp", ["-c", Path.Combine(work, "qr.cfg")]),
                Archive.Testing.Dcmtk.DcmtkTool.Start("storescp", ["-aet", destinationAe, .. destinationArguments, "-od", Path.Combine(work, "received"), destinationPort.ToString(CultureInfo.InvariantCulture)]));
            await Archive.Testing.Dcmtk.DcmtkTool.WaitForPortAsync(pacsPort, TimeSpan.FromSeconds(10));
            await Archive.Testing.Dcmtk.DcmtkTool.WaitForPortAsync(destinationPort, TimeSpan.FromSeconds(10));
            return pacs;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var process in new[] { _qrscp, _destination })
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }

            Directory.Delete(_work, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
