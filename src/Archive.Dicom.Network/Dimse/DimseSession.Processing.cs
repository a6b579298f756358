using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Dimse;

/// <summary>SCP side: requests run one at a time, in arrival order, with C-CANCEL mapped to cancellation.</summary>
public sealed partial class DimseSession
{
    private async Task ProcessRequestsAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await _processGate.WaitAsync().ConfigureAwait(false);
            try
            {
                await ProcessOneAsync(request).ConfigureAwait(false);
            }
            finally
            {
                _processGate.Release();
            }
        }
    }

    /// <summary>
    /// Hands a complete request to the provider: inline on the reader loop for short operations that nothing can
    /// cancel (C-STORE, C-ECHO) when no other request is being processed (saves two thread hops per object), else
    /// through the queue, whose processor keeps reading free for C-CANCEL and C-GET sub-operation responses.
    /// </summary>
    private async ValueTask DispatchAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        Queue(request);
        if (request.Command.CommandField is DimseCommandField.CStoreRequest or DimseCommandField.CEchoRequest
            && _requests.Reader.Count == 0
            && _processGate.Wait(0))
        {
            try
            {
                await ProcessOneAsync(request).ConfigureAwait(false);
            }
            finally
            {
                _processGate.Release();
            }

            return;
        }

        await _requests.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessOneAsync(DimseRequest request)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_engine.Closing);
        if (Start(request, cts) || _closed)
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }

        var responder = new DimseResponder(this, request);
        try
        {
            if (_provider is null)
            {
                await responder.RespondAsync(DimseStatus.UnrecognizedOperation, cts.Token).ConfigureAwait(false);
            }
            else
            {
                await _provider.HandleAsync(request, responder, cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AssociationAbortedException || (ex is OperationCanceledException && _engine.Closing.IsCancellationRequested))
        {
            // The association is gone; nobody to answer.
        }
        catch (Exception ex)
        {
            DimseLog.HandlerFailed(_logger, _engine.Id, request.Command.CommandField, ex);
            if (!responder.HasResponded)
            {
                try
                {
                    await responder.RespondAsync(FailureFor(request.Command.CommandField, ex), _engine.Closing).ConfigureAwait(false);
                }
                catch (Exception ex2) when (ex2 is AssociationAbortedException or OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            EndInFlight();
            if (request.StoreOperation is { } operation)
            {
                await operation.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What a request whose handler failed is answered: running out of memory is out of resources (the peer may try
    /// again later), anything else an internal error.
    /// </summary>
    private static DimseResult FailureFor(DimseCommandField command, Exception error) =>
        error is OutOfMemoryException or InsufficientMemoryException
            ? new DimseResult(command is DimseCommandField.CMoveRequest or DimseCommandField.CGetRequest ? DimseStatus.OutOfResourcesUnableToCalculateMatches : DimseStatus.OutOfResources, "out of memory; try again later")
            : new DimseResult(DimseStatus.UnableToProcess, "internal error");
}
