using System.Buffers;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Grid.Writing;
using Archive.Service.Configuration;
using Archive.Service.Querying;
using Archive.Storage.Audit;
using Archive.Storage.Cache;
using Microsoft.Extensions.Logging;

namespace Archive.Service.Storing;

/// <summary>
/// C-STORE SCP into the grid (DESIGN.md §4): each dataset streams to a <see cref="Spool"/> behind a
/// Part 10 envelope (hashed as it arrives), is checked and catalogued from a header-only parse, written
/// through the grid writer, and acknowledged only with the writer's durability; the receiving node then
/// keeps it in its replica cache, after the response. Thread-safe; one instance per node.
/// </summary>
public sealed partial class ArchiveStoreHandler : ICStoreHandler, IAsyncDisposable
{
    private readonly AeRegistry _registry;
    private readonly GridWriter _writer;
    private readonly ArchiveServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ArchiveStoreHandler> _logger;
    private readonly SpoolBudget _spoolBudget;
    private readonly IngestCacheFiller? _cacheFiller;
    private readonly IAuditTrail _audit;
    private readonly StudyOwners _studyOwners;

    /// <param name="searcher">The catalog, asked which site a study belongs to before an instance is added to it.</param>
    /// <param name="audit">Where every store, new version and refusal is recorded (none when null).</param>
    public ArchiveStoreHandler(AeRegistry registry, GridWriter writer, ICatalogSearcher searcher, ReplicaCache? cache, ArchiveServiceOptions options, TimeProvider time, ILogger<ArchiveStoreHandler> logger, IAuditTrail? audit = null)
    {
        _audit = audit ?? NoAuditTrail.Instance;
        _registry = registry;
        _writer = writer;
        _studyOwners = new StudyOwners(searcher);
        _options = options;
        _time = time;
        _logger = logger;
        _spoolBudget = new SpoolBudget(options.MemorySpoolBytes);
        _cacheFiller = cache is null ? null : new IngestCacheFiller(cache, logger);
        Spool.RemoveAbandoned(options.SpoolDirectory);
    }

    /// <summary>Stops the replica-cache copies after the ones already queued.</summary>
    public ValueTask DisposeAsync() => _cacheFiller?.DisposeAsync() ?? ValueTask.CompletedTask;

    public async ValueTask<IStoreOperation> BeginStoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Association.CallingAeTitle;
        if (!_registry.Allows(caller, AePermissions.Store))
        {
            var refused = new DimseResult(new DimseStatus(0x0124), "calling AE may not store");
            Audit(AuditTypes.StoreRefused, request, refused, null, null);
            return new RefusedStore(refused);
        }

        if (!DicomTransferSyntax.TryLookup(request.TransferSyntaxUid, out var syntax))
        {
            return new RefusedStore(new DimseResult(DimseStatus.CannotUnderstand, "unknown transfer syntax"));
        }

        var spool = new Spool(_spoolBudget, _options.MemorySpoolObjectBytes, _options.SpoolDirectory);
        try
        {
            var header = new ArrayBufferWriter<byte>(512);
            // No source AE in the header: the stored bytes (and so the SHA-256 that decides "same object") depend
            // only on the dataset, so the same dataset from another AE is a duplicate, not a new version.
            DicomPart10Envelope.WriteHeader(header, request.SopClassUid, request.SopInstanceUid, syntax);
            await spool.AppendAsync(header.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return new SpoolStoreOperation(this, request, syntax, spool);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One audit record of a store: the status as the caller got it ("0x0000", "0xB000"...), the error comment as detail.</summary>
    private void Audit(string type, CStoreRequest request, DimseResult result, string? studyUid, string? detail) =>
        _audit.Record(new AuditEvent(
            type,
            request.Association.CallingAeTitle,
            $"0x{result.Status.Code:X4}",
            studyUid,
            request.SopInstanceUid,
            result.ErrorComment is { } comment ? (detail is null ? comment : $"{detail}; {comment}") : detail,
            request.Association.RemoteAddress));

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "C-STORE {SopInstanceUid} from {CallingAe}: {Status} ({Length} bytes)")]
    private partial void LogStored(string sopInstanceUid, string callingAe, DimseStatus status, long length);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "AUDIT new-version: SOP instance {SopInstanceUid} from {CallingAe} arrived with different bytes (SHA-256 {Sha256}); {Outcome}, previous versions kept")]
    private partial void LogNewVersion(string sopInstanceUid, string callingAe, string sha256, string outcome);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "C-STORE {SopInstanceUid} from {CallingAe} refused: {Reason}")]
    private partial void LogRefused(string sopInstanceUid, string callingAe, string reason);

    /// <summary>A store refused before any byte: its dataset is read and dropped, the status is fixed.</summary>
    private sealed class RefusedStore(DimseResult result) : IStoreOperation
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseResult> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(result);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
