using System.Globalization;
using System.Text.Json;
using Archive.Testing.Dcmtk;
using Archive.Testing.Dicom;

namespace Archive.Cli.Tests.Grid;

/// <summary>Import of DICOMDIR media made by dcmtk's dcmmkdir, with one referenced file deleted, one replaced by another instance and one renamed to lower case.</summary>
[Collection(LocalGridCollection.Name)]
public sealed class DicomDirImportTests(LocalGridFixture grid)
{
    private const string CallingAe = "MIGRATION";

    [Fact]
    public async Task Import_DcmmkdirMediaWithMissingAndSwappedFiles_ReportsThemAndStoresEveryFilePresent()
    {
        var tag = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "archive-cli-dicomdir-" + tag);
        var images = Path.Combine(folder, "DIR1");
        Directory.CreateDirectory(images);
        try
        {
            // dcmmkdir wants ISO 9660 names: 8.3, upper case.
            var study = $"1.2.826.0.1.3680043.9.8.{tag}";
            var sops = new List<string>();
            for (var i = 1; i <= 4; i++)
            {
                var spec = new TestDicomObjects.Spec("CLI^DICOMDIR", "PID-DD-" + tag, study, study + ".1", $"{study}.1.{i}", Accession: "D" + tag, PixelSeed: i, Size: 48);
                sops.Add(spec.SopUid);
                await File.WriteAllBytesAsync(Path.Combine(images, $"IMG{i:D5}"), TestDicomObjects.Part10(spec));
            }

            var made = await DcmtkTool.RunAsync("dcmmkdir", ["+r", "+I", "DIR1"], TimeSpan.FromSeconds(60), folder);
            Assert.True(made.ExitCode == 0 && File.Exists(Path.Combine(folder, "DICOMDIR")), made.Output);

            // The media as a damaged CD holds it: one file gone, one holding another instance than its record names.
            File.Delete(Path.Combine(images, "IMG00002"));
            File.Copy(Path.Combine(images, "IMG00004"), Path.Combine(images, "IMG00003"), overwrite: true);

            // ISO 9660 media are often mounted with lower-case names: still the file its record names.
            File.Move(Path.Combine(images, "IMG00001"), Path.Combine(images, "img00001"));

            var (code, output, error) = await grid.Run(Import(folder, "--json"));
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
            var report = JsonDocument.Parse(output).RootElement;
            AssertFindings(report, sops);
            Assert.Equal(3, report.GetProperty("outcomes").GetProperty("accepted").GetInt64());
            Assert.Equal(1, report.GetProperty("outcomes").GetProperty("dicomDir").GetInt64());
            var reconciliation = report.GetProperty("reconciliation");
            Assert.True(reconciliation.GetProperty("exact").GetBoolean());
            Assert.Equal(1, reconciliation.GetProperty("duplicates").GetInt64());

            // The journal keeps the findings: a resumed run sends nothing and reports them again.
            var journal = await File.ReadAllLinesAsync(Path.Combine(folder, ".archivectl-import.journal"));
            Assert.Equal(2, journal.Count(l => l.StartsWith("DicomDirFinding\t", StringComparison.Ordinal)));
            var (againCode, againOutput, againError) = await grid.Run(Import(folder, "--json"));
            Assert.True(againCode == ExitCodes.Failed, $"exit {againCode}\n{againOutput}\n{againError}");
            var again = JsonDocument.Parse(againOutput).RootElement;
            Assert.Equal(0, again.GetProperty("run").GetProperty("answered").GetInt64());
            AssertFindings(again, sops);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertFindings(JsonElement report, IReadOnlyList<string> sops)
    {
        var dicomDir = report.GetProperty("dicomDir");
        Assert.Equal(1, dicomDir.GetProperty("missing").GetInt64());
        Assert.Equal(1, dicomDir.GetProperty("mismatched").GetInt64());
        Assert.Equal(0, dicomDir.GetProperty("unreadable").GetInt64());
        var findings = dicomDir.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(2, findings.Count);
        var missing = findings[Path.Combine("DIR1", "IMG00002")];
        Assert.Equal("missing", missing.GetProperty("problem").GetString());
        Assert.Equal(sops[1], missing.GetProperty("sopInstanceUid").GetString());
        Assert.Equal("DICOMDIR", missing.GetProperty("dicomDir").GetString());
        var swapped = findings[Path.Combine("DIR1", "IMG00003")];
        Assert.Equal("mismatched", swapped.GetProperty("problem").GetString());
        Assert.Equal(sops[2], swapped.GetProperty("sopInstanceUid").GetString());
        Assert.Contains(sops[3], swapped.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private string[] Import(string folder, params string[] extra) =>
        ["import", folder, "--host", "127.0.0.1", "--port", grid.Entry.DicomPort.ToString(CultureInfo.InvariantCulture), "--aec", grid.Entry.DicomAe, "--aet", CallingAe, .. extra];
}
