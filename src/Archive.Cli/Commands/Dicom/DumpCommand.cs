using System.CommandLine;
using System.Text.Json;
using Archive.Dicom.IO;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom dump &lt;file&gt; [--json] [--all]</c>: prints a file's elements like dcmdump, or as DICOM JSON (PS3.18 §F.2).</summary>
public static class DumpCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "The DICOM file (Part 10, or a raw dataset)." };
        var json = new Option<bool>("--json") { Description = "Print the dataset in the DICOM JSON model (PS3.18 F.2) instead of dcmdump's layout." };
        var all = new Option<bool>("--all") { Description = "Print long values completely (dcmdump +L); with --json, inline all binary values." };
        var header = new Option<bool>("--header-only") { Description = "Stop before Pixel Data without reading it." };
        var command = new Command("dump", "Print the elements of a DICOM file as dcmdump does, or as DICOM JSON.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(all);
        command.Options.Add(header);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return await RunAsync(path, parseResult.GetValue(json), parseResult.GetValue(all), parseResult.GetValue(header), output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static async Task<int> RunAsync(FileInfo path, bool json, bool all, bool headerOnly, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!path.Exists)
        {
            await error.WriteLineAsync($"dump: no such file: {path.FullName}");
            return ExitCodes.BadInput;
        }

        DicomReadResult result;
        try
        {
            var options = headerOnly ? DicomReaderOptions.Default.HeaderOnly() : DicomReaderOptions.Default;
            result = await DicomFileReader.ReadFileAsync(path.FullName, options, cancellationToken);
        }
        catch (DicomParseException e)
        {
            await error.WriteLineAsync($"dump: {path.Name}: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (json)
        {
            var options = new DicomJsonOptions
            {
                BulkDataBaseUri = new Uri(path.FullName).AbsoluteUri,
                InlineBinaryLimit = all ? int.MaxValue : 4096,
            };
            await output.WriteLineAsync(DicomJsonWriter.ToJson(result.File.Dataset, options));
        }
        else
        {
            await output.WriteAsync(new DumpFormatter { PrintAll = all }.Format(result.File));
            if (result.Stopped)
            {
                await output.WriteLineAsync($"# stopped before {result.StoppedAt} at offset {result.StopOffset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");
            }
        }

        return ExitCodes.Ok;
    }

    internal static JsonDocument ParseJson(string text) => JsonDocument.Parse(text);
}
