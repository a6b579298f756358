using System.Diagnostics;
using System.Text;

namespace Archive.Dicom.Tests.Dcmtk;

/// <summary>Runs a dcmtk (or dicom3tools) program. A missing program fails the test: tools/test installs them.</summary>
internal static class DcmtkTool
{
    public static string Run(string tool, params string[] arguments) => RunWithStatus(tool, arguments, expectSuccess: true).Output;

    public static (int ExitCode, string Output) RunWithStatus(string tool, string[] arguments, bool expectSuccess = false)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed (tools/test installs dcmtk and dicom3tools): {e.Message}", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish in 60 s");
            }

            var output = stdout + stderr.Result;
            if (expectSuccess && process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
            }

            return (process.ExitCode, output);
        }
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "archive-dcmtk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
