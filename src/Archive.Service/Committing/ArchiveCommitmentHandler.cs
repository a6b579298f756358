using System.Collections.Concurrent;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Service.Configuration;
using Archive.Storage.Audit;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Committing;

/// <summary>
/// Storage Commitment Push Model SCP (DESIGN.md §4). N-ACTION success means only "received and
/// journaled". <see cref="RunAsync"/> (a background loop the host runs) checks each instance with
/// the verifier until every one is committed or failed, then sends the N-EVENT-REPORT (type 1 when
/// all committed, 2 otherwise) on the original association if still open, else on a new one,
/// retrying with back-off. The journal makes all of it survive a restart. Thread-safe.
/// </summary>
public sealed partial class ArchiveCommitmentHandler : IStorageCommitmentHandler
{
    private const int TransactionsAtOnce = 4;
    private const int ChecksAtOnce = 8;
    private readonly AeRegistry _registry;
    private readonly CommitmentJournal _journal;
    private readonly ICommitmentVerifier _verifier;
    private readonly CommitmentReportSender _sender;
    private readonly CommitmentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ArchiveCommitmentHandler> _logger;
    private readonly IAuditTrail _audit;
    private readonly ConcurrentDictionary<string, StorageCommitmentReporter> _reporters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _deliveries = new(StringComparer.Ordinal); // by ReporterKey: reports under way
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _newAssociations = new(StringComparer.Ordinal); // by requestor AE
    private readonly SemaphoreSlim _wake = new(0);
    private string _unreadableLogged = string.Empty; // the unreadable journal files last logged: said again only when they change
    private CommitmentBacklog _backlog = CommitmentBacklog.Empty;

    /// <param name="audit">Where requests and reports are recorded (none when null).</param>
    public ArchiveCommitmentHandler(AeRegistry registry, CommitmentJournal journal, ICommitmentVerifier verifier, CommitmentReportSender sender, CommitmentOptions options, TimeProvider time, ILogger<ArchiveCommitmentHandler> logger, IAuditTrail? audit = null)
    {
        options.Validate();
        _audit = audit ?? NoAuditTrail.Instance;
        _registry = registry;
        _journal = journal;
        _verifier = verifier;
        _sender = sender;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public ValueTask<DimseResult> RequestAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Association.CallingAeTitle;
        if (!_registry.Allows(caller, AePermissions.Commit))
        {
            _audit.Record(new AuditEvent(AuditTypes.CommitRequest, caller, "0x0124", Detail: "calling AE may not request commitment", From: request.Association.RemoteAddress));
            return ValueTask.FromResult(new DimseResult(new DimseStatus(0x0124), "calling AE may not request commitment"));
        }

        if (CommitmentDatasets.TryDecodeAction(request.ActionInformation, request.TransferSyntaxUid) is not { } action)
        {
            return ValueTask.FromResult(new DimseResult(DimseStatus.InvalidArgumentValue, "malformed action information"));
        }

        // The same requestor asking again under a Transaction UID still pending: one report answers both requests.
        var items = action.Items;
        if (_journal.Find(caller, action.TransactionUid) is { } pending)
        {
            items = [.. pending.Items, .. action.Items.Where(i => !pending.Items.Any(p => p.SopClassUid == i.SopClassUid && p.SopInstanceUid == i.SopInstanceUid))];
            LogMerged(action.TransactionUid, caller, pending.Items.Count, items.Count);
        }

        _journal.Save(new CommitmentTransaction(action.TransactionUid, caller, request.Association.CalledAeTitle, items, _time.GetUtcNow()));
        _reporters[ReporterKey(caller, action.TransactionUid)] = request.Reporter;
        LogReceived(action.TransactionUid, caller, action.Items.Count);
        _audit.Record(new AuditEvent(AuditTypes.CommitRequest, caller, "0x0000", Subject: action.TransactionUid, Detail: $"{action.Items.Count} instance(s) journaled", From: request.Association.RemoteAddress));
        _wake.Release();
        return ValueTask.FromResult(DimseResult.Success);
    }

    /// <summary>The journal as the last pass read it (metrics read this; no scrape lists the journal).</summary>
    public CommitmentBacklog Backlog => Volatile.Read(ref _backlog);

    /// <summary>Reports to one requestor on new associations at once, at most: a PACS that accepts and never answers holds these, and no more.</summary>
    internal const int NewAssociationsPerRequestor = 2;

    /// <summary>
    /// Processes pending transactions until <paramref name="cancellationToken"/> fires: several at a time, so one for a
    /// whole large study does not hold back a small one asked after it, and each one's instances several at a time.
    /// Reports go out beside the passes, not within them: a requestor that accepts a connection and never answers holds
    /// its own reports for a minute per attempt, never the checks and reports of others (sweep O: eight reports to a
    /// frozen PACS kept another AE's report, due at once on its open association, for 90 s).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunPassesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Shutting down: reports under way end with the token; the journal keeps what they did not deliver.
            await Task.WhenAll(_deliveries.Values).ConfigureAwait(false);
        }
    }

    private async Task RunPassesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var pending = _journal.Pending();
                Volatile.Write(ref _backlog, CommitmentBacklog.Of(pending));
                var unreadable = string.Join(", ", _journal.Unreadable);
                if (unreadable.Length > 0 && unreadable != _unreadableLogged)
                {
                    LogUnreadable(_journal.Unreadable.Count, string.Join(", ", _journal.Unreadable.Take(5)));
                }

                _unreadableLogged = unreadable;
                await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = TransactionsAtOnce, CancellationToken = cancellationToken }, async (transaction, token) =>
                {
                    try
                    {
                        await ProcessAsync(transaction, token, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogProcessingFailed(transaction.TransactionUid, e.Message);
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // shutting down: the journal keeps the transactions for the next start
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The journal's directory could not be listed: said, and tried again; never the end of the node's DICOM service.
                LogProcessingFailed("(journal)", e.Message);
            }

            try
            {
                await _wake.WaitAsync(_options.CheckInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <param name="stopping">The node's: a report outlives the pass that decided it (whose token ends with the pass).</param>
    private async Task ProcessAsync(CommitmentTransaction transaction, CancellationToken cancellationToken, CancellationToken stopping)
    {
        var now = _time.GetUtcNow();
        if ((transaction.NextReportAt is { } next && next > now) || _deliveries.ContainsKey(ReporterKey(transaction.CallingAeTitle, transaction.TransactionUid)))
        {
            return;
        }

        var items = transaction.Items.ToArray();
        var checks = new CommitmentCheck[items.Length];
        var open = Enumerable.Range(0, items.Length).Where(i => items[i].FailureReason is null).ToArray();
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = ChecksAtOnce, CancellationToken = cancellationToken }, async (i, token) =>
            checks[i] = await _verifier.CheckAsync(items[i], transaction.CallingAeTitle, token).ConfigureAwait(false)).ConfigureAwait(false);
        var changed = false;
        foreach (var i in open)
        {
            var check = checks[i];
            ushort? reason = check.Status switch
            {
                CommitmentCheckStatus.Committed => 0,
                CommitmentCheckStatus.Failed => check.FailureReason,
                _ when now - transaction.ReceivedAt > _options.GiveUpAfter => StorageCommitmentFailureReasons.ProcessingFailure,
                _ => null,
            };
            if (reason is not null)
            {
                items[i] = items[i] with { FailureReason = reason };
                changed = true;
            }
        }

        transaction = transaction with { Items = items };
        if (items.Any(i => i.FailureReason is null))
        {
            if (changed)
            {
                _journal.Update(transaction);
            }

            return;
        }

        var eventType = (ushort)(items.All(i => i.FailureReason == 0) ? 1 : 2);
        var key = ReporterKey(transaction.CallingAeTitle, transaction.TransactionUid);
        _reporters.TryRemove(key, out var reporter);
        var delivery = DeliverAsync(transaction, eventType, reporter, stopping);
        _deliveries[key] = delivery;

        // Attached after the entry is made, so it removes the entry even from a delivery that has already ended.
        _ = delivery.ContinueWith(_ => _deliveries.TryRemove(key, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Sends one decided transaction's report beside the pass that decided it, removes it from the journal when answered,
    /// and otherwise schedules the next attempt with back-off. On a new association it waits its turn among the
    /// requestor's (<see cref="NewAssociationsPerRequestor"/>). Never throws.
    /// </summary>
    private async Task DeliverAsync(CommitmentTransaction transaction, ushort eventType, StorageCommitmentReporter? reporter, CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding); // the pass goes on at once
        var items = transaction.Items;
        var turn = reporter is null ? _newAssociations.GetOrAdd(transaction.CallingAeTitle, _ => new SemaphoreSlim(NewAssociationsPerRequestor)) : null;
        var hasTurn = false;
        try
        {
            if (turn is not null)
            {
                await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
                hasTurn = true;
            }

            var delivery = await _sender.SendAsync(transaction, eventType, reporter, cancellationToken).ConfigureAwait(false);
            var failed = items.Count(i => i.FailureReason != 0);
            _audit.Record(new AuditEvent(AuditTypes.CommitReport, transaction.CallingAeTitle, $"0x{delivery.Status.Code:X4}", Subject: transaction.TransactionUid, Detail: $"event type {eventType}: {items.Count - failed} committed, {failed} failed; {delivery.Route}"));
            if (delivery.Status.Category == DimseStatusCategory.Failure)
            {
                // The requestor refused the report (sweep W2: 0x0211 from an SCP without N-EVENT-REPORT was taken as
                // delivered, and the journal entry dropped): it has not learnt the outcome, so it is sent again.
                ScheduleRetry($"the requestor answered {delivery.Status}");
                return;
            }

            LogReported(transaction.TransactionUid, eventType, delivery.Status);
            _journal.Remove(transaction);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down: the journal keeps the transaction, reported after the next start
        }
        catch (Exception e)
        {
            ScheduleRetry(e.Message);
        }
        finally
        {
            if (hasTurn)
            {
                turn!.Release();
            }
        }

        void ScheduleRetry(string reason)
        {
            var attempts = transaction.ReportAttempts + 1;
            var delay = TimeSpan.FromTicks(Math.Min(_options.MaxReportBackoff.Ticks, _options.ReportBackoff.Ticks << Math.Min(attempts - 1, 20)));
            try
            {
                _journal.Update(transaction with { ReportAttempts = attempts, NextReportAt = _time.GetUtcNow() + delay });
            }
            catch (Exception journal) when (journal is IOException or UnauthorizedAccessException)
            {
                LogProcessingFailed(transaction.TransactionUid, journal.Message); // tried again at the next pass, as before
            }

            LogReportFailed(transaction.TransactionUid, attempts, reason);
        }
    }

    private static string ReporterKey(string callingAeTitle, string transactionUid) => callingAeTitle + "\n" + transactionUid;

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "Storage commitment {TransactionUid} from {CallingAe} asked again while pending: its {Pending} instance(s) and the new ones ({Total} in all) are answered by one report")]
    private partial void LogMerged(string transactionUid, string callingAe, int pending, int total);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Storage commitment {TransactionUid} from {CallingAe}: {Count} instance(s) journaled")]
    private partial void LogReceived(string transactionUid, string callingAe, int count);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "Storage commitment {TransactionUid} reported (event type {EventType}), requestor answered {Status}")]
    private partial void LogReported(string transactionUid, ushort eventType, DimseStatus status);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Storage commitment {TransactionUid} report attempt {Attempt} failed: {Reason}")]
    private partial void LogReportFailed(string transactionUid, int attempt, string reason);

    [LoggerMessage(EventId = 6306, Level = LogLevel.Error, Message = "Storage commitment journal: {Count} file(s) left alone, not a transaction this version can read (damaged, or written by a newer version): {Files}")]
    private partial void LogUnreadable(int count, string files);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Error, Message = "Storage commitment {TransactionUid} could not be processed: {Reason}")]
    private partial void LogProcessingFailed(string transactionUid, string reason);
}
