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
