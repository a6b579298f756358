using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Archive.Tools.LocalGrid;

/// <summary>
/// Starts archive-node processes detached from the caller (output to the node's log file, no
/// inherited pipes, so they outlive the tool) and signals them by process id. Linux only.
/// </summary>
public static partial class NodeProcesses
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>Runs <c>archive-node init</c> for the node; returns its descriptor line.</summary>
    public static string Init(string binary, LocalNodeSpec node)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "init", "--config", node.ConfigPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + binary);
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"archive-node init for {node.Id} failed ({process.ExitCode}): {error}");
    }

    /// <summary>Starts the node in the background, with <paramref name="overrides"/> after its configuration file; returns its pid.</summary>
    public static int Start(string binary, LocalNodeSpec node, IReadOnlyList<string>? overrides = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$0\" \"$@\" >>\"$ARCHIVE_NODE_LOG\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add(binary);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(node.ConfigPath);
        foreach (var argument in overrides ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ARCHIVE_NODE_LOG"] = node.LogPath;
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh");
        var pid = shell.StandardOutput.ReadLine();
        shell.WaitForExit();
        return int.Parse(pid ?? throw new InvalidOperationException("no pid from the launcher"), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the node answers /readyz, or throws with the tail of its log.</summary>
    public static async Task WaitReadyAsync(LocalNodeSpec node, int pid, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid))
            {
                throw new InvalidOperationException($"node {node.Id} exited during start-up:\n{Tail(node.LogPath)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(node.HttpUrl + "/readyz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow answer during start-up
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"node {node.Id} not ready after {timeout}:\n{Tail(node.LogPath)}");
    }

    /// <summary>Whether something accepts connections on loopback <paramref name="port"/>.</summary>
    public static bool Listening(int port)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            probe.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public static void Kill(int pid) => Signal(pid, SigKill);

    /// <summary>SIGTERM, then SIGKILL when it has not exited within <paramref name="grace"/>.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        Signal(pid, SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        if (IsAlive(pid))
        {
            Signal(pid, SigKill);
        }

        while (IsAlive(pid))
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static void Signal(int pid, int signal)
    {
        if (pid > 0 && SysKill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != 3)
            {
                throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
            }
        }
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(20)) : "(no log)";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
