using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Archive.Cli.Commands.Dicom;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Status;
using Archive.Dicom.Dictionary;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scu;
using Grpc.Core;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// <c>import --from-pacs AE@host:port</c>: the PACS's study list by C-FIND (Study Root), then one
/// C-MOVE per study to the archive's AE, studies in order; each answered study is journaled so a
/// resumed run moves only the rest. Reconciliation: <see cref="PacsReconciler"/>. The node that reconciles is asked
/// first, before anything moves.
/// </summary>
internal static class PacsImport
{
    public static async Task<int> RunAsync(ParseResult parseResult, PacsImportOptions options, ImportTarget target, string source, string? state, NodeConnection connection, bool json, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (!PacsImportOptions.TryParse(source, out var ae, out var host, out var port))
        {
            await error.WriteLineAsync($"import: --from-pacs wants AE@host:port, not '{source}'");
            return ExitCodes.Usage;
        }

        if (await ImportPreflight.CheckNodeAsync(connection, parseResult, cancellationToken) is { } refused)
        {
            return refused;
        }

        var callingAe = parseResult.GetValue(target.CallingAe)!;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(target.Timeout)));
        Task<DicomClient> ConnectToPacs(CancellationToken ct) => ConnectAsync(host, port, ae, callingAe, timeout, ct);
        ImportJournal journal;
        try
        {
            journal = ImportJournal.Open(state ?? DefaultJournalPath(ae, host, port), DateTimeOffset.UtcNow);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"import: {e.Message}");
            return ExitCodes.BadInput;
        }

        using (journal)
        {
            var progress = new ImportProgress();
            var clock = Stopwatch.StartNew();
            var interrupted = false;
            var pacs = $"{ae}@{host}:{port}";
            var run = new PacsRun();
            int? reconciliationFailed = null;
            try
            {
                var moving = MoveStudiesAsync(parseResult, options, ConnectToPacs, journal, progress, new PacsReconciler(connection, parseResult, journal.StartedAt), run, cancellationToken);
                await ImportProgressView.ShowAsync(parseResult.InvocationConfiguration.Output, json, progress, moving, "studies");
            }
            catch (AssociationRejectedException e) when (e.Reject.Result == RejectResult.Permanent)
            {
                // Trying again cannot help: the PACS does not know our AE title, or is not the AE named.
                await error.WriteLineAsync($"import: the PACS {pacs} refused the association for good: {e.Message}; check that it knows our AE title ({callingAe}, --aet) and answers to {ae}");
                progress.Problem($"pacs/{pacs}", e.Message);
                interrupted = true;
            }
            catch (Exception e) when (e is AssociationAbortedException or AssociationRejectedException or SocketException or IOException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The PACS went away (or did not answer in --timeout): the run ends interrupted, with its report, like a Ctrl-C.
                await error.WriteLineAsync($"import: the PACS {pacs}: {e.Message}; run the same command again to resume");
                progress.Problem($"pacs/{pacs}", e.Message);
                interrupted = true;
            }
            catch (Exception e) when (ImportPreflight.IsInterruption(e, cancellationToken))
            {
                interrupted = true;
            }
            catch (RpcException e)
            {
                // The node stopped answering: what was moved is journaled; the rest waits for a run it answers.
                reconciliationFailed = await ImportPreflight.ReconciliationFailedAsync(parseResult, progress, e);
                interrupted = true;
            }
            catch (PacsAnswerIncompleteException e)
            {
                await error.WriteLineAsync($"import: {e.Message}");
                return ExitCodes.Failed;
            }

            // The studies the PACS has now: one that failed in an earlier run and has since left the PACS (deleted, merged)
            // no longer counts, or no later run could ever end clean.
            var entries = journal.Entries.Values.Where(e => interrupted || run.Studies.ContainsKey(e.StudyInstanceUid)).ToArray();
            var reconciliation = interrupted ? null : PacsReconciler.Sum(run.Checks.Values);
            var report = new ImportReport(
                pacs,
                journal.Path,
                journal.StartedAt,
                interrupted,
                new ImportRunCounts(progress.Found, progress.Resumed, progress.Answered, progress.Failed, 0, Math.Round(clock.Elapsed.TotalSeconds, 3)),
                new ImportOutcomeCounts(entries.LongCount(e => e.Outcome == ImportOutcome.Accepted), 0, entries.LongCount(e => e.Outcome == ImportOutcome.Warning), entries.LongCount(e => e.Outcome == ImportOutcome.Refused), 0, 0),
                reconciliation,
                progress.Problems);
            await WriteReportAsync(parseResult.InvocationConfiguration.Output, report, run, json);
            return reconciliationFailed
                ?? (!interrupted && report.Outcomes.Refused == 0 && (reconciliation?.Exact ?? false) ? ExitCodes.Ok : ExitCodes.Failed);
        }
    }

    /// <summary>
    /// The default journal, one per PACS: its AE title, host and port (sweep I: two PACSes with one AE title shared a
    /// journal, and the second one's studies were skipped as already moved). Characters a file name cannot hold become _.
    /// </summary>
    internal static string DefaultJournalPath(string ae, string host, int port)
    {
        var name = $"archivectl-import-{ae}@{host}-{port.ToString(CultureInfo.InvariantCulture)}.journal";
        var invalid = Path.GetInvalidFileNameChars();
        return Path.GetFullPath(string.Concat(name.Select(c => Array.IndexOf(invalid, c) >= 0 || char.IsWhiteSpace(c) ? '_' : c)));
    }

    /// <summary>
    /// Finds the PACS's studies, then moves each one an earlier run did not move whole, checking each against the grid
    /// (<see cref="PacsReconciler"/>): a study moved in an earlier run is skipped only when nothing the PACS lists is
    /// missing, and one moved now yet short is journaled as failed, so a later run moves it again.
    /// </summary>
    private static async Task MoveStudiesAsync(ParseResult parseResult, PacsImportOptions options, Func<CancellationToken, Task<DicomClient>> connect, ImportJournal journal, ImportProgress progress, PacsReconciler reconciler, PacsRun run, CancellationToken cancellationToken)
    {
        await using var client = await connect(cancellationToken);
        foreach (var (uid, count) in await FindStudiesAsync(client, parseResult.GetValue(options.StudyDate), parseResult.GetValue(options.PatientId), cancellationToken))
        {
            run.Studies[uid] = count;
        }

        progress.FoundMore(run.Studies.Count);
        foreach (var (uid, reported) in run.Studies.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var key = "study/" + uid;
            if (journal.Entries.TryGetValue(key, out var done) && done.Outcome == ImportOutcome.Accepted)
            {
                var earlier = await reconciler.CheckAsync(client, uid, reported, cancellationToken);
                if (earlier.Missing == 0)
                {
                    run.Checks[uid] = earlier;
                    progress.ResumedOne();
                    continue;
                }

                // The PACS has more of it than the run that moved it found: moved again.
            }

            var (outcome, detail) = await MoveAsync(client, uid, parseResult.GetValue(options.MoveDestination)!, cancellationToken);
            // Ctrl-C sent C-CANCEL and the PACS ended the move with Cancel: our interruption, not its refusal.
            cancellationToken.ThrowIfCancellationRequested();
            journal.Append(new ImportJournalEntry(outcome, string.Empty, uid, string.Empty, detail, key));
            progress.Classified();
            var check = run.Checks[uid] = await reconciler.CheckAsync(client, uid, reported, cancellationToken);
            if (outcome != ImportOutcome.Refused && check.IsShort)
            {
                (outcome, detail) = (ImportOutcome.Refused, "reconciliation: " + check.Shortfall);
                journal.Append(new ImportJournalEntry(outcome, string.Empty, uid, string.Empty, detail, key));
            }

            if (outcome != ImportOutcome.Accepted)
            {
                progress.Problem(key, detail);
            }

            if (outcome == ImportOutcome.Refused)
            {
                run.Failed++;
            }
            else
            {
                run.Moved++;
            }
        }

        await client.ReleaseAsync(cancellationToken);
    }

    private static async Task WriteReportAsync(TextWriter output, ImportReport report, PacsRun run, bool json)
    {
        if (json)
        {
            await ReadCommandSupport.WriteJsonAsync(output, report);
            return;
        }

        var reconciled = report.Reconciliation is { } r
            ? $"{r.Verified} instances of the PACS held ({r.Stored} stored by this import, {r.Duplicates} held before it), {r.Missing} missing: {(r.Exact ? "EXACT" : "NOT EXACT")}"
            : "not reconciled";
        await output.WriteLineAsync($"{report.Source}: {report.Run.Found} studies: {run.Moved} moved now, {report.Run.Resumed} moved in earlier runs, {run.Failed} failed"
            + (report.Interrupted ? ", INTERRUPTED (run the same command again to resume)" : string.Empty) + "; " + reconciled);
        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"{problem.Path}: {problem.Reason}");
        }
    }

    /// <summary>What one run found and did: the PACS's studies with the counts it reports, those moved and failed now, and each study's check.</summary>
    private sealed class PacsRun
    {
        public Dictionary<string, int> Studies { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, StudyCheck> Checks { get; } = new(StringComparer.Ordinal);

        public int Moved { get; set; }

        public int Failed { get; set; }
    }

    private static Task<DicomClient> ConnectAsync(string host, int port, string calledAe, string callingAe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // --timeout bounds the connect and the association's set-up and release (sweep I: a PACS that accepted the
        // connection and never answered held the import for 30 minutes). A C-FIND or C-MOVE may wait 30 minutes between
        // the PACS's responses: a large study's move may send no pending response.
        var contexts = new PresentationContextList().Add(ServiceUids.StudyRootFind).Add(ServiceUids.StudyRootMove);
        var options = new DicomClientOptions { CallingAeTitle = callingAe, ConnectTimeout = timeout, Association = new AssociationOptions { ResponseTimeout = timeout, DimseTimeout = TimeSpan.FromMinutes(30), ArtimTimeout = timeout } };
        return DicomClient.ConnectAsync(host, port, calledAe, contexts, options, cancellationToken: cancellationToken);
    }

    /// <summary>Study UIDs with the instance count the PACS reports (-1 when it reports none), in UID order.</summary>
    private static async Task<IReadOnlyList<(string Uid, int Instances)>> FindStudiesAsync(DicomClient client, string? studyDate, string? patientId, CancellationToken cancellationToken)
    {
        var context = client.FindContext(ServiceUids.StudyRootFind) ?? throw new InvalidOperationException("the PACS refused Study Root C-FIND");
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrReplaceText(DicomTags.StudyInstanceUID, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(DicomTags.StudyDate, DicomVR.DA, studyDate ?? string.Empty);
        identifier.AddOrReplaceText(DicomTags.PatientID, DicomVR.LO, patientId ?? string.Empty);
        identifier.AddOrReplaceText(DicomTags.NumberOfStudyRelatedInstances, DicomVR.IS, string.Empty);
        var studies = new List<(string, int)>();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (response.Status.IsPending && response.HasDataset)
            {
                var match = FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax);
                if (match.GetText(DicomTags.StudyInstanceUID)?.Trim() is { Length: > 0 } uid)
                {
                    var count = int.TryParse(match.GetText(DicomTags.NumberOfStudyRelatedInstances)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
                    studies.Add((uid, count));
                }
            }
            else if (response.Status.IsFinal && !response.Status.IsSuccess)
            {
                throw new PacsAnswerIncompleteException(response.Status == DimseStatus.Cancel || response.Status.Code == 0xA700
                    ? $"the PACS stopped its study C-FIND answer after {studies.Count} studies ({response.Status}): it caps its answers; import in parts with --study-date or --patient-id"
                    : $"the PACS answered the study C-FIND with {response.Status}");
            }
        }

        return studies.DistinctBy(s => s.Item1).OrderBy(s => s.Item1, StringComparer.Ordinal).ToArray();
    }

    private static async Task<(ImportOutcome Outcome, string Detail)> MoveAsync(DicomClient client, string studyUid, string destination, CancellationToken cancellationToken)
    {
        var context = client.FindContext(ServiceUids.StudyRootMove) ?? throw new InvalidOperationException("the PACS refused Study Root C-MOVE");
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrReplaceText(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        await foreach (var response in client.MoveAsync(ServiceUids.StudyRootMove, destination, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (!response.Status.IsFinal)
            {
                continue;
            }

            var c = response.Command;
            var detail = $"{response.Status} completed={c.CompletedSubOperations} failed={c.FailedSubOperations} warning={c.WarningSubOperations}";
            // A warning with failed sub-operations left instances behind: a refusal, not a warning (0xB000 "new version"
            // sub-operations are warnings of instances that were stored).
            return response.Status.IsSuccess ? (ImportOutcome.Accepted, detail)
                : response.Status.Category == DimseStatusCategory.Warning && c.FailedSubOperations is null or 0 ? (ImportOutcome.Warning, detail)
                : (ImportOutcome.Refused, detail);
        }

        return (ImportOutcome.Refused, "the PACS ended the C-MOVE without a final status");
    }
}
