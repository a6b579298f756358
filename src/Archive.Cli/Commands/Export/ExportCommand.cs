using System.CommandLine;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Objects;
using Archive.Cli.Commands.Status;
using Archive.Grid.Grpc.Client;
using Grpc.Core;

namespace Archive.Cli.Commands.Export;

/// <summary>
/// <c>archivectl export STUDY FOLDER</c>: the exact stored files of a study back out, through the
/// admin GetObject (the grid reader on the node: replica cache or shards, every block and the whole
/// object's SHA-256 verified there and again here). Each file is written to a temporary name and
/// renamed once its SHA-256 matched, so a folder never holds a partial or unverified file.
/// </summary>
public static class ExportCommand
{
    private const string Help = """
        Write the stored files of a study (newest version of each instance) to FOLDER/<series uid>/<sop uid>.dcm,
        byte-identical to what the archive keeps (Part 10, its SHA-256 verified on the node and here).
        Files already present with the right SHA-256 are skipped, so an interrupted export resumes.
        Exit codes: 0 every instance written, 1 some instance could not be read (listed), 3 folder not writable,
        4 node unreachable.
        JSON (--json): { study, folder, written, skipped, failed, files: [ { sopInstanceUid, path, length, sha256, status } ] }
        Examples:
          archivectl export 1.2.826.0.1.3680043.2.1125.1.42 /tmp/study42
          archivectl export 1.2.3.4.5.6 ./out --node http://10.1.2.3:7100 --json
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var json = ReadCommandSupport.JsonOption();
        var study = new Argument<string>("study") { Description = "Study Instance UID." };
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write the files (created when missing)." };
        var command = new Command("export", Help);
        command.Arguments.Add(study);
        command.Arguments.Add(folder);
        command.Options.Add(json);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var studyUid = parseResult.GetValue(study)!;
            var root = parseResult.GetValue(folder)!;
            try
            {
                // Written to once before the grid is asked: a folder we cannot write in fails here, naming itself.
                root.Create();
                var probe = Path.Combine(root.FullName, $".archivectl-export-{Environment.ProcessId}.probe");
                await File.WriteAllBytesAsync(probe, [], cancellationToken);
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"export: cannot write in {root.FullName}: {e.Message}");
                return ExitCodes.BadInput;
            }

            var files = new List<ExportedFile>();
            try
            {
                var reply = await ObjectLookup.ListAsync(connection, parseResult, studyUid, limit: 100_000, cancellationToken);
                var objects = reply.Objects.Where(o => o.StudyInstanceUid == studyUid).Select(ObjectLookup.Row).ToArray();
                if (objects.Length == 0)
                {
                    await error.WriteLineAsync($"export: no study {studyUid} in the grid's catalog");
                    return ExitCodes.Failed;
                }

                using var channel = connection.Open(parseResult);
                var client = new ObjectClient(channel);
                foreach (var o in objects)
                {
                    try
                    {
                        files.Add(await ExportOneAsync(client, root.FullName, o, cancellationToken));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // The folder filled up or went away mid-way: what was written stays (a run again skips it), no .partial
                        // file is left, the rest is not tried (it would fail alike), and the report (--json too) says so.
                        await error.WriteLineAsync($"export: cannot write in {root.FullName} after writing {files.Count(f => f.Status == "written")} file(s): {e.Message}");
                        files.Add(new ExportedFile(o.SopInstanceUid, string.Empty, 0, string.Empty, "failed: cannot write: " + e.Message));
                        break;
                    }
                }
            }
            catch (RpcException e)
            {
                return await ReadCommandSupport.FailAsync(parseResult, "export", e);
            }

            var report = new ExportReport(studyUid, root.FullName, files.Count(f => f.Status == "written"), files.Count(f => f.Status == "skipped"), files.Count(f => f.Status.StartsWith("failed", StringComparison.Ordinal)), files);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await ReadCommandSupport.WriteJsonAsync(output, report);
            }
            else
            {
                foreach (var f in files.Where(f => f.Status != "written" && f.Status != "skipped"))
                {
                    await output.WriteLineAsync($"{f.SopInstanceUid}: {f.Status}");
                }

                await output.WriteLineAsync($"{report.Written} written, {report.Skipped} already there, {report.Failed} failed, in {report.Folder}");
            }

            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<ExportedFile> ExportOneAsync(ObjectClient client, string root, ObjectRow o, CancellationToken cancellationToken)
    {
        var newest = o.Versions.Count > 0 ? o.Versions[^1] : null;
        var directory = Path.Combine(root, Safe(o.SeriesInstanceUid));
        var path = Path.Combine(directory, Safe(o.SopInstanceUid) + ".dcm");
        if (newest is null)
        {
            return new ExportedFile(o.SopInstanceUid, path, 0, string.Empty, "failed: no reachable manifest");
        }

        if (File.Exists(path) && new FileInfo(path).Length == newest.Length && await ExportHash.OfFileAsync(path, cancellationToken) == newest.Sha256)
        {
            return new ExportedFile(o.SopInstanceUid, path, newest.Length, newest.Sha256, "skipped");
        }

        Directory.CreateDirectory(directory);
        var temporary = path + ".partial";
        ObjectGetResult result;
        try
        {
            await using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            result = await client.GetAsync(o.StudyInstanceUid, o.SopInstanceUid, file, cancellationToken, TimeSpan.FromMinutes(10));
            await file.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // the folder itself is gone or unwritable: the error that brought us here says so
            }

            throw;
        }

        // GetObject returns the newest version; a version written since the lookup would differ from it.
        var sha = result.Status == ObjectGetStatus.Ok ? await ExportHash.OfFileAsync(temporary, cancellationToken) : string.Empty;
        if (result.Status != ObjectGetStatus.Ok || sha != newest.Sha256)
        {
            File.Delete(temporary);
            var why = result.Status == ObjectGetStatus.Ok ? "a newer version appeared during the export; run it again" : result.Detail;
            return new ExportedFile(o.SopInstanceUid, path, 0, newest.Sha256, "failed: " + why);
        }

        File.Move(temporary, path, overwrite: true);
        return new ExportedFile(o.SopInstanceUid, path, newest.Length, sha, "written");
    }

    /// <summary>UIDs are digits and dots; anything else is replaced so a name never leaves the folder.</summary>
    private static string Safe(string uid) => string.Concat(uid.Select(c => char.IsAsciiDigit(c) || c == '.' ? c : '_')) is { Length: > 0 } name && name != "." && name != ".." ? name : "_";
}

/// <summary>The <c>export --json</c> shape (fields are only ever added).</summary>
internal sealed record ExportReport(string Study, string Folder, int Written, int Skipped, int Failed, IReadOnlyList<ExportedFile> Files);

/// <summary>One instance: where it went, its length and SHA-256 (lower-case hex), and written, skipped or failed: why.</summary>
internal sealed record ExportedFile(string SopInstanceUid, string Path, long Length, string Sha256, string Status);
