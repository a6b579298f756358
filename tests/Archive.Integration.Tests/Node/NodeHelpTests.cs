using System.Diagnostics;
using Archive.Integration.Tests.Grid;

namespace Archive.Integration.Tests.Node;

/// <summary><c>archive-node --help</c> prints its usage and starts nothing: no disk formatted, no port taken.</summary>
public sealed class NodeHelpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archive-node-help-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("init --help")]
    public async Task Help_PrintsUsage_AndTouchesNothing(string arguments)
    {
        var start = new ProcessStartInfo(GridHarness.NodeBinary(), arguments.Split(' ')) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("ARCHIVE_HOME");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string output;
        try
        {
            output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // it started a node instead
            }
        }

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("usage: archive-node", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }
}
