using System.Diagnostics;

namespace Archive.Dicom.Tests.Dictionary;

/// <summary>
/// The committed *.Generated.cs files must be exactly what tools/DictionaryGenerator produces
/// from the installed dcmtk files today (STYLE.md §17: generated output is never hand-edited).
/// Skipped only when dcmtk's data dictionary is absent (tools/test installs dcmtk).
/// </summary>
public sealed class GeneratedOutputTests
{
    private const string DicomDic = "/usr/share/libdcmtk17/dicom.dic";
    private const string UidHeader = "/usr/include/dcmtk/dcmdata/dcuid.h";

    [FileExistsFact(DicomDic, "apt-get install dcmtk")]
    public void DictionaryGenerator_Check_FindsCommittedDictionaryUpToDate()
    {
        var (exitCode, output) = RunGenerator("--check", "--only", "dictionary");
        Assert.True(exitCode == 0, $"generated dictionary is stale; rerun tools/DictionaryGenerator:\n{output}");
    }

    [FileExistsFact(UidHeader, "apt-get install libdcmtk-dev")]
    public void DictionaryGenerator_Check_FindsCommittedUidRegistryUpToDate()
    {
        var (exitCode, output) = RunGenerator("--check", "--only", "uids");
        Assert.True(exitCode == 0, $"generated UID registry is stale; rerun tools/DictionaryGenerator:\n{output}");
    }

    private static (int ExitCode, string Output) RunGenerator(params string[] args)
    {
        var root = FindRoot();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        var dll = Path.Combine(root, "tools/DictionaryGenerator/bin/Release/net10.0/DictionaryGenerator.dll");
        if (File.Exists(dll))
        {
            start.ArgumentList.Add(dll);
        }
        else
        {
            foreach (var a in new[] { "run", "--project", Path.Combine(root, "tools/DictionaryGenerator"), "-c", "Release", "--" })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(root);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
