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
    public async Task FromPacs_MalformedSource_ExitsUsage()
    {
        var (code, _, error) = await grid.Run("import", "--from-pacs", "no-port-here");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("AE@host:port", error, StringComparison.Ordinal);
    }
}
