using System.Globalization;
using Archive.Testing.Dicom;
using static Archive.Cli.Tests.Network.NetworkCommandFixture;

namespace Archive.Cli.Tests.Grid;

/// <summary><c>archivectl dicom commit</c> against the 3-node grid: the report on the requesting association, and on a new one.</summary>
[Collection(LocalGridCollection.Name)]
public sealed class CommitCommandTests(LocalGridFixture grid) : IDisposable
{
    private const string Study = "1.2.826.0.1.3680043.10.5101.1";
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    private readonly string _directory = Directory.CreateTempSubdirectory("archivectl-commit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Commit_StoredAndUnknownInstances_ReportedOnTheSameAssociationEachWithItsReason()
    {
        var files = await StoreAsync("1", "2");
        var (code, output, error) = await Run(
            ["dicom", "commit", "127.0.0.1", Port(grid.Entry.DicomPort), .. files, "--aec", grid.Entry.DicomAe, "--instance", $"{TestDicomObjects.CtImageStorage}:{Study}.9.9", "--instance", $"{SecondaryCapture}:{Study}.1.1", "--wait", "60"]);

        Assert.True(code == ExitCodes.Failed, output + error);
        Assert.Contains("N-ACTION 0x0000", output, StringComparison.Ordinal);
        Assert.Contains($"committed {Study}.1.1", output, StringComparison.Ordinal);
        Assert.Contains($"committed {Study}.1.2", output, StringComparison.Ordinal);
        Assert.Contains($"failed    {Study}.9.9 0x0112 no such object instance", output, StringComparison.Ordinal);
        Assert.Contains($"failed    {Study}.1.1 0x0119 class/instance conflict", output, StringComparison.Ordinal); // asked again as another class
        Assert.Contains($"event type 2 from {grid.Entry.DicomAe}: 2 of 4 committed (on the requesting association)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_Listening_ReleasesAndGetsEventTypeOneOnANewAssociation()
    {
        var files = await StoreAsync("3");
        var (code, output, error) = await Run(
            ["dicom", "commit", "127.0.0.1", Port(grid.Entry.DicomPort), .. files, "--aet", LocalGridFixture.CommitScuAe, "--aec", grid.Entry.DicomAe, "--listen", Port(grid.CommitScuPort), "--wait", "60"]);

        Assert.True(code == ExitCodes.Ok, output + error);
        Assert.Contains($"committed {Study}.1.3", output, StringComparison.Ordinal);
        Assert.Contains($"event type 1 from {grid.Entry.DicomAe}: 1 of 1 committed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_NothingToCommit_IsAUsageError()
    {
        var (code, _, error) = await Run("dicom", "commit", "127.0.0.1", Port(grid.Entry.DicomPort), "--instance", "not-a-uid");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is not SOPCLASSUID:SOPINSTANCEUID", error, StringComparison.Ordinal);
    }

    /// <summary>Writes and stores one CT instance per suffix (study <see cref="Study"/>, series .1); returns the files.</summary>
    private async Task<string[]> StoreAsync(params string[] suffixes)
    {
        var files = new List<string>();
        foreach (var suffix in suffixes)
        {
            var path = Path.Combine(_directory, suffix + ".dcm");
            await File.WriteAllBytesAsync(path, TestDicomObjects.Part10(new TestDicomObjects.Spec("Commit^Test", "PID-COMMIT", Study, Study + ".1", $"{Study}.1.{suffix}", Size: 32, PixelSeed: suffix.Length)));
            files.Add(path);
        }

        var (code, output, error) = await Run(["dicom", "store", "127.0.0.1", Port(grid.Entry.DicomPort), .. files, "--aec", grid.Entry.DicomAe]);
        Assert.True(code == ExitCodes.Ok, output + error);
        return [.. files];
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
