using Archive.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// Routes each DIMSE request of an association to the matching handler of <see cref="ScpServices"/> and turns
/// its outcome into responses (pending, cancel, final). One instance per association; not shared.
/// </summary>
public sealed class ScpDispatcher : IDimseServiceProvider
{
    private readonly ScpServices _services;
    private readonly ILogger _logger;
    private DimseSession? _session;

    public ScpDispatcher(ScpServices services, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<IStoreOperation> BeginStoreAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.Command;
        if (_services.Store is null)
        {
            return new DiscardStoreOperation(new DimseResult(DimseStatus.SopClassNotSupported, "no storage service"));
        }

        if (string.IsNullOrEmpty(command.AffectedSopInstanceUid) || command.AffectedSopClassUid != request.Context.AbstractSyntax)
        {
            return new DiscardStoreOperation(new DimseResult(DimseStatus.CannotUnderstand, "bad affected SOP class or instance"));
        }

        var storeRequest = new CStoreRequest(
            request.Association,
            command.AffectedSopClassUid,
            command.AffectedSopInstanceUid,
            request.Context.TransferSyntax,
            command.Priority ?? DimsePriority.Medium,
            command.MoveOriginatorAeTitle,
            command.MoveOriginatorMessageId);
        return await _services.Store.BeginStoreAsync(storeRequest, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask HandleAsync(DimseRequest request, DimseResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        _session ??= responder.Session;
        switch (request.Command.CommandField)
        {
            case DimseCommandField.CEchoRequest:
                var echo = _services.Echo is { } e ? await e.EchoAsync(request, cancellationToken).ConfigureAwait(false) : DimseResult.Success;
                await responder.RespondAsync(echo, cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.CStoreRequest:
                var result = request.StoreOperation is { } op
                    ? await op.CompleteAsync(cancellationToken).ConfigureAwait(false)
                    : new DimseResult(DimseStatus.CannotUnderstand, "C-STORE without a dataset");
                await responder.RespondAsync(result, cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.CFindRequest:
                await FindAsync(request, responder, cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.CMoveRequest:
            case DimseCommandField.CGetRequest:
                await new RetrieveOperation(_services, request, responder, _logger).RunAsync(cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.NActionRequest:
                await StorageCommitmentAsync(request, responder, cancellationToken).ConfigureAwait(false);
                break;
            case DimseCommandField.NEventReportRequest:
                var report = _services.EventReport is { } r ? await r.EventReportAsync(request, cancellationToken).ConfigureAwait(false) : new DimseResult(DimseStatus.UnrecognizedOperation);
                await responder.RespondAsync(report, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await responder.RespondAsync(DimseStatus.UnrecognizedOperation, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask FindAsync(DimseRequest request, DimseResponder responder, CancellationToken cancellationToken)
    {
        if (_services.Find is null)
        {
            await responder.RespondAsync(DimseStatus.SopClassNotSupported, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var query = new QueryRequest(request.Association, request.Context.AbstractSyntax, request.Context.TransferSyntax, request.Dataset, request.Command.Priority ?? DimsePriority.Medium);
        var final = DimseResult.Success;
        try
        {
            await foreach (var identifier in _services.Find.FindAsync(query, cancellationToken).ConfigureAwait(false))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var pending = responder.CreateResponse(DimseStatus.Pending, hasDataset: true);
                await responder.SendAsync(pending, identifier, responder.Session.Engine.Closing).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !responder.Session.Engine.Closing.IsCancellationRequested)
        {
        }
        catch (DimseStatusException ex)
        {
            final = ex.Result;
        }

        if (cancellationToken.IsCancellationRequested && final.Status.IsSuccess)
        {
            final = DimseStatus.Cancel;
        }

        await responder.RespondAsync(final, responder.Session.Engine.Closing).ConfigureAwait(false);
    }

    private async ValueTask StorageCommitmentAsync(DimseRequest request, DimseResponder responder, CancellationToken cancellationToken)
    {
        var command = request.Command;
        if (_services.StorageCommitment is null || command.RequestedSopClassUid != ServiceUids.StorageCommitmentPushModel)
        {
            await responder.RespondAsync(DimseStatus.SopClassNotSupported, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command.ActionTypeId != 1)
        {
            await responder.RespondAsync(DimseStatus.NoSuchActionType, cancellationToken).ConfigureAwait(false);
            return;
        }

        var reporter = new StorageCommitmentReporter(responder.Session, _services.Peers, _services.ClientOptions);
        var commitment = new StorageCommitmentRequest(request.Association, request.Context.TransferSyntax, request.Dataset, reporter);
        var result = await _services.StorageCommitment.RequestAsync(commitment, cancellationToken).ConfigureAwait(false);
        await responder.RespondAsync(result, cancellationToken).ConfigureAwait(false);
    }
}
