using System.CommandLine;
using Archive.Dicom.IO;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scu;

namespace Archive.Cli.Commands.Dicom;

/// <summary><c>archivectl dicom store HOST PORT FILE|DIR…</c>: sends Part 10 files with C-STORE, each dataset as stored (no transcoding).</summary>
public static class StoreCommand
{
    public static Command Build()
    {
        var peer = new EchoCommandPeer();
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("store", "Send DICOM files to a peer with C-STORE.");
        peer.AddTo(command);
        command.Arguments.Add(paths);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var files = new List<StoreCommandFile>();
            foreach (string path in Expand(parseResult.GetValue(paths)!))
            {
                var file = await StoreCommandFile.TryReadAsync(path, cancellationToken);
                if (file is null)
                {
                    await error.WriteLineAsync($"skipped (not DICOM Part 10): {path}");
                    continue;
                }

                files.Add(file);
            }

            if (files.Count == 0)
            {
                await error.WriteLineAsync("store: no DICOM files");
                return ExitCodes.BadInput;
            }

            var contexts = new PresentationContextList();
            foreach (var f in files.DistinctBy(f => (f.SopClassUid, f.TransferSyntaxUid)))
            {
                contexts.AddStorage(f.SopClassUid, f.TransferSyntaxUid);
            }

            var (client, code) = await peer.ConnectAsync(parseResult, contexts, error, cancellationToken);
            if (client is null)
            {
                return code;
            }

            int failed = 0;
            await using (client)
            {
                foreach (var file in files)
                {
                    try
                    {
                        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                        stream.Position = file.DatasetOffset;
                        var response = await client.StoreAsync(file.SopClassUid, file.SopInstanceUid, file.TransferSyntaxUid, stream, stream.Length - file.DatasetOffset, cancellationToken: cancellationToken);
                        await output.WriteLineAsync($"{file.SopInstanceUid} {response.Status}");
                        failed += response.Status.IsSuccess || response.Status.Category == Archive.Dicom.Network.Dimse.DimseStatusCategory.Warning ? 0 : 1;
                    }
                    catch (InvalidOperationException ex)
                    {
                        await error.WriteLineAsync($"{file.SopInstanceUid}: {ex.Message}");
                        failed++;
                    }
                    catch (AssociationAbortedException ex)
                    {
                        await error.WriteLineAsync($"association ended: {ex.Failure}");
                        return ExitCodes.Failed;
                    }
                }
            }

            await output.WriteLineAsync($"{files.Count - failed} of {files.Count} stored");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Files as given, folders as every file under them (recursively, in name order).</summary>
    internal static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return f;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
