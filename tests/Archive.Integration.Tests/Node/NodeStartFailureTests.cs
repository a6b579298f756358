using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Archive.Integration.Tests.Grid;
using Archive.Testing.Dcmtk;

namespace Archive.Integration.Tests.Node;

/// <summary>
/// A node that cannot do its job stops with a non-zero exit code and says why, so a supervisor (systemd's
/// Restart=on-failure) notices: its DICOM port taken, a home it cannot create.
/// </summary>
public sealed class NodeStartFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archive-node-start-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DicomPortTaken_ExitsOne_NamingThePort()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await RunAsync("--home", Path.Combine(_directory, "home"), "--grpc", $"http://127.0.0.1:{DcmtkTool.FreePort()}", "--http", $"http://127.0.0.1:{DcmtkTool.FreePort()}", $"--Dicom:Port={port}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"DICOM listener cannot listen on 0.0.0.0, port {port} (Dicom:Port)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomeCannotBeCreated_ExitsTwo_NamingTheSetting()
    {
        var (exitCode, output) = await RunAsync("--home", "/proc/archive-node-home", "--grpc", $"http://127.0.0.1:{DcmtkTool.FreePort()}", "--http", $"http://127.0.0.1:{DcmtkTool.FreePort()}", $"--Dicom:Port={DcmtkTool.FreePort()}");

        Assert.Equal(2, exitCode);
        Assert.Contains("Node:Home: cannot use /proc/archive-node-home", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcPortTaken_ExitsOne_ConfigFileMissingOrNotJson_ExitsTwo_NeverAStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exitCode, output) = await RunAsync("--home", Path.Combine(_directory, "home"), "--grpc", $"http://127.0.0.1:{port}", "--http", $"http://127.0.0.1:{DcmtkTool.FreePort()}", $"--Dicom:Port={DcmtkTool.FreePort()}");
        Assert.Equal(1, exitCode);
        Assert.Contains($"cannot listen on Node:GrpcUrl: Failed to bind to address http://127.0.0.1:{port}", output, StringComparison.Ordinal);
        (exitCode, output) = await RunAsync("--home", Path.Combine(_directory, "home"), "--grpc", $"http://127.0.0.1:{DcmtkTool.FreePort()}", "--http", $"http://127.0.0.1:{port}", $"--Dicom:Port={DcmtkTool.FreePort()}");
        Assert.Equal(1, exitCode);
        Assert.Contains("cannot listen on Node:HttpUrl", output, StringComparison.Ordinal); // sweep C2: which of the two was not said

        var notJson = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(notJson, "{bad");
        foreach (var config in new[] { Path.Combine(_directory, "missing.json"), notJson })
        {
            (exitCode, output) = await RunAsync("--config", config, "--home", Path.Combine(_directory, "home2"));
            Assert.Equal(2, exitCode);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(GridHarness.NodeBinary(), arguments) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // it kept running
            }
        }
    }
}
