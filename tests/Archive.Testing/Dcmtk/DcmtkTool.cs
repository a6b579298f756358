using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Archive.Testing.Dcmtk;

/// <summary>
/// Runs Debian's dcmtk tools for interop tests: with TCP_NODELAY=1 unless asked otherwise (Debian's build leaves Nagle's
/// algorithm on without it, as the PACS built on dcmtk do) and a hard timeout, output captured.
/// </summary>
public static class DcmtkTool
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    /// <param name="nagle">Runs the tool with Nagle's algorithm on: TCP_NODELAY out of its environment.</param>
    public static async Task<Result> RunAsync(string tool, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null, bool nagle = false)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(tool, args, workingDirectory, nagle))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new Result(process.ExitCode, new StringBuilder().Append(await stdout).Append(await stderr).ToString(), clock.Elapsed);
    }

    /// <summary>Starts a long-running tool (storescp, dcmqrscp); the caller kills it.</summary>
    public static Process Start(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var process = Process.Start(StartInfo(tool, args, workingDirectory))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A free TCP port on loopback.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something listens on <paramref name="port"/>; throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nothing listens on port {port}");
    }

    private static ProcessStartInfo StartInfo(string tool, IEnumerable<string> args, string? workingDirectory, bool nagle = false)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (nagle)
        {
            info.Environment.Remove("TCP_NODELAY"); // tools/test exports it: the tool must not inherit it either
        }
        else
        {
            info.Environment["TCP_NODELAY"] = "1";
        }

        return info;
    }
}
