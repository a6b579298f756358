using System.CommandLine;
using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// <c>archivectl dicom transcode &lt;in&gt; &lt;out&gt; --transfer-syntax &lt;uid|name&gt;</c>: rewrites a
/// file in another uncompressed transfer syntax (implicit LE, explicit LE, deflated explicit LE;
/// big endian input is accepted). Writes to a temporary file and renames, so a failure leaves no
/// partial output.
/// </summary>
public static class TranscodeCommand
{
    /// <summary>The short names an operator types (as the README does), for the syntaxes this command writes.</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["implicit"] = DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        ["explicit"] = DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
        ["deflated"] = DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
    };

    public static Command Build()
    {
        var input = new Argument<FileInfo>("in") { Description = "The DICOM file to read." };
        var output = new Argument<FileInfo>("out") { Description = "Where to write the transcoded file." };
        var syntax = new Option<string>("--transfer-syntax", "-t")
        {
            Description = "Target transfer syntax: implicit, explicit or deflated (little endian), or a UID or name (ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian).",
            Required = true,
        };
        var command = new Command("transcode", "Rewrite a DICOM file in another uncompressed transfer syntax.");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(syntax);
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            parseResult.GetValue(input)!,
            parseResult.GetValue(output)!,
            parseResult.GetValue(syntax)!,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static async Task<int> RunAsync(FileInfo input, FileInfo output, string syntaxText, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!DicomTransferSyntax.TryParse(ShortNames.GetValueOrDefault(syntaxText.Trim().ToLowerInvariant(), syntaxText), out var target))
        {
            await stderr.WriteLineAsync($"transcode: unknown transfer syntax '{syntaxText}'");
            return ExitCodes.Usage;
        }

        if (!input.Exists)
        {
            await stderr.WriteLineAsync($"transcode: no such file: {input.FullName}");
            return ExitCodes.BadInput;
        }

        DicomFile file;
        try
        {
            file = (await DicomFileReader.ReadFileAsync(input.FullName, cancellationToken: cancellationToken)).File;
            DicomFileWriter.ResolveTarget(file, target);
        }
        catch (DicomParseException e)
        {
            await stderr.WriteLineAsync($"transcode: {input.Name}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (NotSupportedException e)
        {
            await stderr.WriteLineAsync($"transcode: {e.Message}");
            return ExitCodes.Failed;
        }

        var temporary = output.FullName + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await DicomFileWriter.WriteFileAsync(temporary, file, target, cancellationToken: cancellationToken);
            File.Move(temporary, output.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        await stdout.WriteLineAsync($"{input.Name}: {file.TransferSyntax.Name} -> {target.Name}: {output.FullName}");
        return ExitCodes.Ok;
    }
}
