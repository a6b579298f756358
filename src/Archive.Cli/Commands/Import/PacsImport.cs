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
using Archive.Dicom.Network.Scu;
using Grpc.Core;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// <c>import --from-pacs AE@host:port</c>: the PACS's study list by C-FIND (Study Root), then one
/// C-MOVE per study to the archive's AE, studies in order; each answered study is journaled so a
/// resumed run moves only the rest. A PACS gives no SHA-256, so reconciliation compares, per study,
/// the instance count the PACS reports (or, when it reports none, the instances an IMAGE-level C-FIND lists) with the
/// instances the grid's manifests hold.
/// </summary>
internal static class PacsImport
{
    private static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);
    private static readonly DicomTag SeriesInstanceUid = new(0x0020, 0x000E);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    public static async Task<int> RunAsync(ParseResult parseResult, PacsImportOptions options, ImportTarget target, string source, string? state, NodeConnection connection, bool json, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (!PacsImportOptions.TryParse(source, out var ae, out var host, out var port))
        {
            await error.WriteLineAsync($"import: --from-pacs wants AE@host:port, not '{source}'");
            return ExitCodes.Usage;
        }

        var callingAe = parseResult.GetValue(target.CallingAe)!;
        ImportJournal journal;
        try
        {
            journal = ImportJournal.Open(state ?? Path.GetFullPath($"archivectl-import-{ae}.journal"), DateTimeOffset.UtcNow);
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
            var sourceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            try
            {
                await using var client = await ConnectAsync(host, port, ae, callingAe, cancellationToken);
                var studies = await FindStudiesAsync(client, parseResult.GetValue(options.StudyDate), parseResult.GetValue(options.PatientId), cancellationToken);
                foreach (var (uid, count) in studies)
                {
                    sourceCounts[uid] = count;
                    progress.FoundOne();
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
            catch (Exception e) when (e is AssociationAbortedException or AssociationRejectedException or SocketException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The PACS went away (or refused us): the run ends interrupted, with its report, like a Ctrl-C.
                await error.WriteLineAsync($"import: the PACS {ae}@{host}:{port}: {e.Message}; run the same command again to resume");
                progress.Problem($"pacs/{ae}@{host}:{port}", e.Message);
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
            if (!interrupted)
            {
                try
                {
                    reconciliation = await ReconcileAsync(connection, parseResult, sourceCounts, progress, (host, port, ae, callingAe), cancellationToken);
                }
                catch (RpcException e)
                {
                    await error.WriteLineAsync($"import: reconciliation not possible: {e.StatusCode}: {e.Status.Detail}");
                    return ExitCodes.Unreachable;
                }
                catch (Exception e) when (e is PacsAnswerIncompleteException or AssociationAbortedException or AssociationRejectedException or SocketException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    // The PACS could not list what it holds: nothing is called exact (the report says "not reconciled", exit 1).
                    await error.WriteLineAsync($"import: reconciliation with the PACS not possible: {e.Message}");
                    progress.Problem($"pacs/{ae}@{host}:{port}", "reconciliation not possible: " + e.Message);
                }
            }

            // The studies the PACS has now: one that failed in an earlier run and has since left the PACS (deleted, merged)
            // no longer counts, or no later run could ever end clean.
            var entries = journal.Entries.Values.Where(e => interrupted || sourceCounts.ContainsKey(e.StudyInstanceUid)).ToArray();
            var report = new ImportReport(
                $"{ae}@{host}:{port}",
                journal.Path,
                journal.StartedAt,
                interrupted,
                new ImportRunCounts(progress.Found, progress.Resumed, progress.Answered, progress.Failed, 0, Math.Round(clock.Elapsed.TotalSeconds, 3)),
                new ImportOutcomeCounts(entries.LongCount(e => e.Outcome == ImportOutcome.Accepted), 0, entries.LongCount(e => e.Outcome == ImportOutcome.Warning), entries.LongCount(e => e.Outcome == ImportOutcome.Refused), 0, 0),
                reconciliation,
                progress.Problems);
            var output = parseResult.InvocationConfiguration.Output;
            if (json)
            {
                await ReadCommandSupport.WriteJsonAsync(output, report);
            }
            else
            {
                await output.WriteLineAsync($"{report.Source}: {progress.Found} studies, {progress.Resumed} already moved, {report.Outcomes.Accepted} moved, {report.Outcomes.Refused} failed; "
                    + (reconciliation is { } r ? $"{r.Verified} instances held, {r.Missing} missing: {(r.Exact ? "EXACT" : "NOT EXACT")}" : "not reconciled"));
                foreach (var problem in report.Problems)
                {
                    await output.WriteLineAsync($"{problem.Path}: {problem.Reason}");
                }
            }

            return !interrupted && report.Outcomes.Refused == 0 && (reconciliation?.Exact ?? false) ? ExitCodes.Ok : ExitCodes.Failed;
        }
    }

    private static Task<DicomClient> ConnectAsync(string host, int port, string calledAe, string callingAe, CancellationToken cancellationToken)
    {
        var contexts = new PresentationContextList().Add(ServiceUids.StudyRootFind).Add(ServiceUids.StudyRootMove);
        var timeout = TimeSpan.FromSeconds(60);
        var options = new DicomClientOptions { CallingAeTitle = callingAe, ConnectTimeout = timeout, Association = new AssociationOptions { ResponseTimeout = TimeSpan.FromMinutes(30), DimseTimeout = TimeSpan.FromMinutes(30), ArtimTimeout = timeout } };
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

    /// <summary>
    /// What the grid holds of each study found, against what the PACS has: its Number of Study Related Instances, or,
    /// when it gives none, the SOP Instance UIDs an IMAGE-level C-FIND lists. Nothing is called exact without one of
    /// them: a PACS that reports no count once made an import of nothing EXACT.
    /// </summary>
    private static async Task<ImportReconciliationCounts> ReconcileAsync(NodeConnection connection, ParseResult parseResult, Dictionary<string, int> sourceCounts, ImportProgress progress, (string Host, int Port, string Ae, string CallingAe) pacs, CancellationToken cancellationToken)
    {
        long held = 0, missing = 0;
        DicomClient? client = null;
        try
        {
            foreach (var (uid, expected) in sourceCounts.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var objects = await ObjectLookup.ListAsync(connection, parseResult, uid, limit: 100_000, cancellationToken);
                var holding = objects.Objects.Where(o => o.Versions.Count > 0).Select(o => o.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
                held += holding.Count;
                if (expected >= 0)
                {
                    if (holding.Count < expected)
                    {
                        missing += expected - holding.Count;
                        progress.Problem("study/" + uid, $"the PACS reports {expected} instances, the grid holds {holding.Count}");
                    }

                    continue;
                }

                client ??= await ConnectAsync(pacs.Host, pacs.Port, pacs.Ae, pacs.CallingAe, cancellationToken);
                var listed = await FindInstancesAsync(client, uid, cancellationToken);
                var absent = listed.Count(sop => !holding.Contains(sop));
                if (absent > 0)
                {
                    missing += absent;
                    progress.Problem("study/" + uid, $"the PACS lists {listed.Count} instances, {absent} of them not in the grid");
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }

        return new ImportReconciliationCounts(held, held, 0, 0, missing, missing == 0);
    }

    /// <summary>The SOP Instance UIDs of a study at the PACS (IMAGE-level C-FIND).</summary>
    private static async Task<IReadOnlyList<string>> FindInstancesAsync(DicomClient client, string studyUid, CancellationToken cancellationToken)
    {
        var context = client.FindContext(ServiceUids.StudyRootFind) ?? throw new InvalidOperationException("the PACS refused Study Root C-FIND");
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(QueryRetrieveLevel, DicomVR.CS, "IMAGE");
        identifier.AddOrReplaceText(StudyInstanceUid, DicomVR.UI, studyUid);
        identifier.AddOrReplaceText(SeriesInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(SopInstanceUid, DicomVR.UI, string.Empty);
        var instances = new List<string>();
        await foreach (var response in client.FindAsync(ServiceUids.StudyRootFind, FindCommandIdentifier.Encode(identifier, context.TransferSyntax), cancellationToken: cancellationToken))
        {
            if (response.Status.IsPending && response.HasDataset && FindCommandIdentifier.Decode(response.Dataset, context.TransferSyntax).GetText(SopInstanceUid)?.Trim() is { Length: > 0 } sop)
            {
                instances.Add(sop);
            }
            else if (response.Status.IsFinal && !response.Status.IsSuccess)
            {
                throw new PacsAnswerIncompleteException($"the PACS answered the IMAGE-level C-FIND of study {studyUid} with {response.Status}: its instances cannot be reconciled");
            }
        }

        return instances;
    }

    /// <summary>The PACS answered a C-FIND only in part (it caps its answers, or failed): what was asked cannot be known whole.</summary>
    private sealed class PacsAnswerIncompleteException(string message) : Exception(message);
}
