using System.CommandLine;
using System.Diagnostics;
using System.Threading.Channels;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Grpc.Core;
using Spectre.Console;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// <c>archivectl import FOLDER</c>: bulk migration of DICOM files into the archive through its
/// DICOM C-STORE listener, with parallel associations, a resume journal and reconciliation by
/// SHA-256 against the grid's manifests; <c>--from-pacs</c> migrates from a legacy PACS instead.
/// C-STORE is the ingest path on purpose: it is the path every PACS uses, so the catalog rows,
/// the Issuer of Patient ID of the calling AE, the duplicate/new-version policy and the audit
/// record all come from the archive itself rather than from a second code path in the CLI.
/// </summary>
public static class ImportCommand
{
    private const string Help = """
        Migrate DICOM files into the archive: every file under FOLDER (recursively) is sent with C-STORE, its dataset
        exactly as held, over --parallel associations. A DICOMDIR is not sent: its directory records are checked
        against the media, and every referenced file that is missing, unreadable or holds another SOP Instance UID
        than its record is reported (and journaled); the folder walk still sends every file present, referenced or not. Our AE (--aet) must be registered in the archive with store
        rights; its site and Issuer of Patient ID apply to every imported object.
        Resume: each answered file is appended to a journal (FOLDER/.archivectl-import.journal or --state); run the same
        command again after an interruption and only the rest is sent. Files that failed transiently are retried.
        Reconciliation: every accepted file's SHA-256 (as the archive records it) is looked up in the grid's manifests
        over --node; counted as stored, duplicate (already held), mismatched or missing.
        With --from-pacs AE@host:port, studies are found with C-FIND at the PACS and moved to the archive with C-MOVE
        (destination --move-dest, which the PACS must know); the journal (default ./archivectl-import-AE@host-port.journal)
        then records studies. Each study is reconciled after its move by the SOP Instance UIDs an IMAGE-level C-FIND lists
        at the PACS (by the instance count it reports only when it refuses that query): a study missing any is journaled
        as failed and moved again by the next run, as is one an earlier run moved of which the PACS now lists more.
        A C-MOVE whose sub-operations partly failed counts as refused. A PACS that caps its C-FIND
        answer stops the import (exit 1): import in parts with --study-date or --patient-id. A PACS that goes away, or
        does not answer the connect or association in --timeout, ends the run interrupted (exit 1, with its report): run
        the same command again to resume. A C-FIND or C-MOVE may wait 30 minutes between the PACS's responses.
        The node (--node) is asked before anything is sent: credentials it refuses exit 2, a node that does not answer 4.
        Exit codes: 0 everything accepted and reconciled exactly, 1 refusals, failures, mismatches, DICOMDIR findings or interrupted,
        2 bad arguments, 3 folder or journal unreadable, 4 archive unreachable.
        JSON (--json): { source, journal, startedAt, interrupted, run{found,resumed,answered,failed,bytesSent,seconds},
          outcomes{accepted,newVersion,warning,refused,notDicom,dicomDir},
          reconciliation{verified,stored,duplicates,mismatched,missing,exact} | null, problems[{path,reason}],
          dicomDir{missing,unreadable,mismatched,findings[{dicomDir,path,problem,sopInstanceUid,detail}]} }
        Examples:
          archivectl import /mnt/old-archive --host 10.1.2.3 --port 11112 --aec ARCHIVE --aet MIGRATION --parallel 8
          archivectl import /mnt/cdrom --state /var/tmp/cd42.journal --json
          archivectl import --from-pacs OLDPACS@10.9.8.7:104 --move-dest ARCHIVE --study-date 20150101-20151231
        """;

    public static Command Build()
    {
        var connection = new NodeConnection();
        var target = new ImportTarget();
        var pacs = new PacsImportOptions();
        var folder = new Argument<DirectoryInfo?>("folder") { Description = "The folder to import (omit with --from-pacs).", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "The resume journal (default FOLDER/.archivectl-import.journal)." };
        var parallel = new Option<int>("--parallel") { Description = "Concurrent associations (default 4).", DefaultValueFactory = _ => 4 };
        var noReconcile = new Option<bool>("--no-reconcile") { Description = "Skip the SHA-256 reconciliation against the grid." };
        var json = ReadCommandSupport.JsonOption();
        var command = new Command("import", Help);
        command.Arguments.Add(folder);
        foreach (var option in new Option[] { state, parallel, noReconcile, json })
        {
            command.Options.Add(option);
        }

        target.AddTo(command);
        pacs.AddTo(command);
        connection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(pacs.FromPacs) is { } source)
            {
                return await PacsImport.RunAsync(parseResult, pacs, target, source, parseResult.GetValue(state), connection, parseResult.GetValue(json), cancellationToken);
            }

            if (parseResult.GetValue(folder) is not { } root || parseResult.GetValue(parallel) is < 1 or > 64)
            {
                await error.WriteLineAsync("import: give a FOLDER (or --from-pacs AE@host:port) and --parallel between 1 and 64");
                return ExitCodes.Usage;
            }

            if (!root.Exists)
            {
                await error.WriteLineAsync($"import: {root.FullName} is not a folder");
                return ExitCodes.BadInput;
            }

            ImportJournal journal;
            try
            {
                journal = ImportJournal.Open(parseResult.GetValue(state) ?? Path.Combine(root.FullName, ImportJournal.DefaultFileName), DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"import: {e.Message}");
                return ExitCodes.BadInput;
            }

            using (journal)
            {
                return await RunFolderAsync(parseResult, root.FullName, journal, target, connection, parseResult.GetValue(parallel), !parseResult.GetValue(noReconcile), parseResult.GetValue(json), cancellationToken);
            }
        });
        return command;
    }

    private static async Task<int> RunFolderAsync(ParseResult parseResult, string root, ImportJournal journal, ImportTarget target, NodeConnection connection, int parallel, bool reconcile, bool json, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (reconcile && await ImportPreflight.CheckNodeAsync(connection, parseResult, cancellationToken) is { } refused)
        {
            return refused;
        }

        var progress = new ImportProgress();
        var clock = Stopwatch.StartNew();
        var interrupted = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var run = RunPipelineAsync(parseResult, root, journal, target, progress, parallel, stop);
            await ImportProgressView.ShowAsync(output, json, progress, run);
        }
        catch (ImportUnreachableException e)
        {
            await error.WriteLineAsync($"import: {e.Message}; run the same command again to resume");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        ImportReconciliation? reconciliation = null;
        int? reconciliationFailed = null;
        if (reconcile && !interrupted)
        {
            try
            {
                reconciliation = await ImportReconciler.RunAsync(connection, parseResult, journal, progress, cancellationToken);
            }
            catch (Exception e) when (ImportPreflight.IsInterruption(e, cancellationToken))
            {
                interrupted = true;
            }
            catch (RpcException e)
            {
                reconciliationFailed = await ImportPreflight.ReconciliationFailedAsync(parseResult, progress, e);
            }
        }

        var report = Report(root, journal, progress, clock.Elapsed, interrupted, reconciliation);
        if (json)
        {
            await ReadCommandSupport.WriteJsonAsync(output, report);
        }
        else
        {
            Render(report, ReadCommandSupport.Console(output));
        }

        var clean = !interrupted && report.Run.Failed == 0 && report.Outcomes.Refused == 0 && (reconciliation?.Exact ?? true) && report.DicomDir is not { Findings.Count: > 0 };
        return reconciliationFailed ?? (clean ? ExitCodes.Ok : ExitCodes.Failed);
    }

    /// <summary>Scans, inspects and sends; a sender that cannot reach the archive stops the scan too.</summary>
    private static async Task RunPipelineAsync(ParseResult parseResult, string root, ImportJournal journal, ImportTarget target, ImportProgress progress, int parallel, CancellationTokenSource stop)
    {
        var token = stop.Token;
        var files = Channel.CreateBounded<ImportFile>(new BoundedChannelOptions(parallel * 4) { SingleWriter = false, SingleReader = false });
        var sender = new ImportSender(target, parseResult, journal, progress);
        var sending = sender.RunAsync(files.Reader, parallel, token);
        var callingAe = parseResult.GetValue(target.CallingAe)!;
        var scanning = Task.Run(
            async () =>
            {
                try
                {
                    await Parallel.ForEachAsync(ImportSource.Enumerate(root, journal.Path, progress, journal), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = token }, async (path, ct) =>
                    {
                        await ImportSource.InspectAsync(root, path, callingAe, journal, progress, files.Writer, ct);
                    });
                }
                finally
                {
                    files.Writer.TryComplete();
                }
            },
            token);
        try
        {
            await sending;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }

        await scanning;
    }

    private static ImportReport Report(string root, ImportJournal journal, ImportProgress progress, TimeSpan elapsed, bool interrupted, ImportReconciliation? reconciliation)
    {
        var entries = journal.Entries.Values;
        long Count(ImportOutcome outcome) => entries.LongCount(e => e.Outcome == outcome);
        return new ImportReport(
            root,
            journal.Path,
            journal.StartedAt,
            interrupted,
            new ImportRunCounts(progress.Found, progress.Resumed, progress.Answered, progress.Failed, progress.Bytes, Math.Round(elapsed.TotalSeconds, 3)),
            new ImportOutcomeCounts(Count(ImportOutcome.Accepted), Count(ImportOutcome.NewVersion), Count(ImportOutcome.Warning), Count(ImportOutcome.Refused), Count(ImportOutcome.NotDicom), Count(ImportOutcome.DicomDir)),
            reconciliation is { } r ? new ImportReconciliationCounts(r.Verified, r.Verified - r.Duplicates, r.Duplicates, r.Mismatched, r.Missing, r.Exact) : null,
            progress.Problems,
            DicomDirReport(journal.Findings));
    }

    private static ImportDicomDirReport DicomDirReport(IReadOnlyList<DicomDirFinding> findings)
    {
        long Count(DicomDirProblem problem) => findings.LongCount(f => f.Problem == problem);
        var listed = findings.Select(f => new ImportDicomDirFinding(f.DicomDir, f.Path, f.Problem.ToString().ToLowerInvariant(), f.SopInstanceUid, f.Detail)).ToArray();
        return new ImportDicomDirReport(Count(DicomDirProblem.Missing), Count(DicomDirProblem.Unreadable), Count(DicomDirProblem.Mismatched), listed);
    }

    private static void Render(ImportReport report, IAnsiConsole console)
    {
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("source", Markup.Escape(report.Source));
        table.AddRow("journal", Markup.Escape(report.Journal));
        table.AddRow("this run", $"{report.Run.Found} found, {report.Run.Resumed} already done, {report.Run.Answered} answered, {report.Run.Failed} failed (retried on resume), {ReadCommandSupport.Bytes(report.Run.BytesSent)} in {report.Run.Seconds:0.0} s{(report.Interrupted ? ", INTERRUPTED" : string.Empty)}");
        var o = report.Outcomes;
        table.AddRow("all runs", $"{o.Accepted} accepted, {o.NewVersion} new version, {o.Warning} warning, {o.Refused} refused, {o.NotDicom} not DICOM, {o.DicomDir} DICOMDIR");
        table.AddRow("reconciliation", report.Reconciliation is { } r
            ? $"{r.Verified} verified by SHA-256 ({r.Stored} stored, {r.Duplicates} duplicate), {r.Mismatched} mismatched, {r.Missing} missing: {(r.Exact ? "EXACT" : "NOT EXACT")}"
            : "not run" + (report.Problems.Any(p => p.Path == "archive") ? " (the node did not answer: see below)" : string.Empty));
        table.AddRow("DICOMDIR", report.DicomDir is not { Findings.Count: > 0 } d
            ? "every referenced file present and matching (or no DICOMDIR)"
            : $"{d.Missing} referenced file(s) missing, {d.Unreadable} unreadable, {d.Mismatched} holding another SOP Instance UID");
        console.Write(table);
        foreach (var problem in report.Problems)
        {
            console.WriteLine($"{problem.Path}: {problem.Reason}");
        }
    }
}
