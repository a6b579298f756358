using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Archive.Cli.Commands.Dicom;
using Archive.Cli.Commands.Grid;
using Archive.Cli.Commands.Objects;
using Archive.Cli.Commands.Status;
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
    private static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);

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
            var studies = new Dictionary<string, int>(StringComparer.Ordinal);
            try
            {
                var run = MoveStudiesAsync(parseResult, options, ConnectToPacs, journal, progress, studies, cancellationToken);
                await ImportProgressView.ShowAsync(parseResult.InvocationConfiguration.Output, json, progress, run, "studies");
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
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (PacsAnswerIncompleteException e)
            {
                await error.WriteLineAsync($"import: {e.Message}");
                return ExitCodes.Failed;
            }

            ImportReconciliationCounts? reconciliation = null;
            int? reconciliationFailed = null;
            if (!interrupted)
            {
                try
                {
                    reconciliation = await PacsReconciler.RunAsync(connection, parseResult, studies, journal, progress, ConnectToPacs, cancellationToken);
                }
                catch (RpcException e)
                {
                    reconciliationFailed = await ImportPreflight.ReconciliationFailedAsync(parseResult, progress, e);
                }
                catch (Exception e) when (e is PacsAnswerIncompleteException or AssociationAbortedException or AssociationRejectedException or SocketException or IOException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    // The PACS could not list what it holds: nothing is called exact (the report says "not reconciled", exit 1).
                    await error.WriteLineAsync($"import: reconciliation with the PACS not possible: {e.Message}");
                    progress.Problem($"pacs/{pacs}", "reconciliation not possible: " + e.Message);
                }
            }

            // The studies the PACS has now: one that failed in an earlier run and has since left the PACS (deleted, merged)
            // no longer counts, or no later run could ever end clean.
            var entries = journal.Entries.Values.Where(e => interrupted || studies.ContainsKey(e.StudyInstanceUid)).ToArray();
            var report = new ImportReport(
                pacs,
                journal.Path,
                journal.StartedAt,
                interrupted,
                new ImportRunCounts(progress.Found, progress.Resumed, progress.Answered, progress.Failed, 0, Math.Round(clock.Elapsed.TotalSeconds, 3)),
                new ImportOutcomeCounts(entries.LongCount(e => e.Outcome == ImportOutcome.Accepted), 0, entries.LongCount(e => e.Outcome == ImportOutcome.Warning), entries.LongCount(e => e.Outcome == ImportOutcome.Refused), 0, 0),
                reconciliation,
                progress.Problems);
            await WriteReportAsync(parseResult.InvocationConfiguration.Output, report, json);
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

    /// <summary>Finds the PACS's studies (into <paramref name="studies"/>), then moves each one not journaled as moved.</summary>
    private static async Task MoveStudiesAsync(ParseResult parseResult, PacsImportOptions options, Func<CancellationToken, Task<DicomClient>> connect, ImportJournal journal, ImportProgress progress, Dictionary<string, int> studies, CancellationToken cancellationToken)
    {
        await using var client = await connect(cancellationToken);
        foreach (var (uid, count) in await FindStudiesAsync(client, parseResult.GetValue(options.StudyDate), parseResult.GetValue(options.PatientId), cancellationToken))
        {
            studies[uid] = count;
        }

        progress.FoundMore(studies.Count);
        foreach (var uid in studies.Keys.Order(StringComparer.Ordinal))
        {
            var key = "study/" + uid;
            if (journal.Entries.TryGetValue(key, out var done) && done.Outcome == ImportOutcome.Accepted)
            {
                progress.ResumedOne();
                continue;
            }

            var (outcome, detail) = await MoveAsync(client, uid, parseResult.GetValue(options.MoveDestination)!, cancellationToken);
            // Ctrl-C sent C-CANCEL and the PACS ended the move with Cancel: our interruption, not its refusal.
            cancellationToken.ThrowIfCancellationRequested();
            journal.Append(new ImportJournalEntry(outcome, string.Empty, uid, string.Empty, detail, key));
            progress.Classified();
            if (outcome != ImportOutcome.Accepted)
            {
                progress.Problem(key, detail);
            }
        }

        await client.ReleaseAsync(cancellationToken);
    }

    private static async Task WriteReportAsync(TextWriter output, ImportReport report, bool json)
    {
        if (json)
        {
            await ReadCommandSupport.WriteJsonAsync(output, report);
            return;
        }

        var (run, o) = (report.Run, report.Outcomes);
        var reconciled = report.Reconciliation is { } r
            ? $"{r.Verified} instances of the PACS held ({r.Stored} stored by this import, {r.Duplicates} held before it), {r.Missing} missing: {(r.Exact ? "EXACT" : "NOT EXACT")}"
            : "not reconciled";
        await output.WriteLineAsync($"{report.Source}: {run.Found} studies, {o.Accepted + o.Warning} moved ({run.Resumed} in earlier runs), {o.Refused} failed"
            + (report.Interrupted ? ", INTERRUPTED (run the same command again to resume)" : string.Empty) + "; " + reconciled);
        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"{problem.Path}: {problem.Reason}");
        }
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
        identifier.AddOrReplaceText(QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrReplaceText(StudyInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(StudyDate, DicomVR.DA, studyDate ?? string.Empty);
        identifier.AddOrReplaceText(PatientId, DicomVR.LO, patientId ?? string.Empty);
        identifier.AddOrReplaceText(NumberOfStudyRelatedInstances, DicomVR.IS, string.Empty);
        var studies = new List<(string, int)>();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (response.Status.IsPending && response.HasDataset)
            {
                var match = FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax);
                if (match.GetText(StudyInstanceUid)?.Trim() is { Length: > 0 } uid)
                {
                    var count = int.TryParse(match.GetText(NumberOfStudyRelatedInstances)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
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
        identifier.AddOrReplaceText(QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.AddOrReplaceText(StudyInstanceUid, DicomVR.UI, studyUid);
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
