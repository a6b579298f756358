using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scu;
using Microsoft.Extensions.Logging;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// One C-MOVE or C-GET: resolves the identifier, performs a C-STORE sub-operation per instance (to the move
/// destination on a new association, or back on the same association for C-GET) with the next instances already
/// being fetched (<see cref="InstancePrefetch"/>), sends a pending response with
/// remaining/completed/failed/warning counts after each, honours C-CANCEL, and sends the final response.
/// </summary>
internal sealed partial class RetrieveOperation(ScpServices services, DimseRequest request, DimseResponder responder, ILogger logger)
{
    /// <summary>Instances opened ahead of the one being sent (<see cref="InstancePrefetch"/>).</summary>
    private const int PrefetchDepth = 4;

    private readonly List<string> _failedUids = [];
    private int _remaining;
    private int _completed;
    private int _failed;
    private int _warning;

    private bool IsMove => request.Command.CommandField == DimseCommandField.CMoveRequest;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var closing = responder.Session.Engine.Closing;
        if (services.Retrieve is null)
        {
            await responder.RespondAsync(DimseStatus.SopClassNotSupported, closing).ConfigureAwait(false);
            return;
        }

        var query = new QueryRequest(request.Association, request.Context.AbstractSyntax, request.Context.TransferSyntax, request.Dataset, request.Command.Priority ?? DimsePriority.Medium, request.Command.MoveDestination);
        DicomPeer? destination = null;
        if (IsMove && (request.Command.MoveDestination is not { } ae || (destination = services.Peers?.Resolve(ae)) is null))
        {
            await RefuseAsync(services.Retrieve, query, new DimseResult(DimseStatus.MoveDestinationUnknown, "move destination unknown"), closing).ConfigureAwait(false);
            return;
        }

        RetrieveResolution resolution;
        try
        {
            resolution = await services.Retrieve.ResolveAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (DimseStatusException ex)
        {
            resolution = RetrieveResolution.Failed(ex.Result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !closing.IsCancellationRequested)
        {
            // A C-CANCEL while the identifier was being resolved: nothing was sent, and the final response says so
            // (it was answered 0xC001 "internal error", and left no audit record).
            var cancelled = await SendFinalAsync(cancelled: true, closing).ConfigureAwait(false);
            services.Retrieve.Finished(query, new RetrieveOutcome(new DimseResult(cancelled, "cancelled before the identifier was resolved"), 0, 0, 0, 0));
            return;
        }

        if (!resolution.Result.Status.IsSuccess && resolution.Result.Status.Category != DimseStatusCategory.Warning)
        {
            await RefuseAsync(services.Retrieve, query, resolution.Result, closing).ConfigureAwait(false);
            return;
        }

        var instances = resolution.Instances;
        _remaining = instances.Count;
        DimseStatus? final = null;
        try
        {
            final = await SendAllAsync(query, instances, destination, cancellationToken, closing).ConfigureAwait(false);
        }
        finally
        {
            // A retrieve cut short by the association's end still leaves its account of what was sent.
            var result = final is { } status ? new DimseResult(status) : new DimseResult(DimseStatus.UnableToProcess, "the association ended before the final response");
            services.Retrieve.Finished(query, new RetrieveOutcome(result, _completed, _failed, _warning, _remaining));
        }
    }

    /// <summary>Performs the sub-operations and sends the final response; returns its status.</summary>
    private async Task<DimseStatus> SendAllAsync(QueryRequest query, IReadOnlyList<IRetrieveInstance> instances, DicomPeer? destination, CancellationToken cancellationToken, CancellationToken closing)
    {
        bool cancelled = false;
        DicomClient? client = null;
        var prefetch = new InstancePrefetch(instances, PrefetchDepth, closing);
        try
        {
            if (IsMove && instances.Count > 0)
            {
                client = await ConnectDestinationAsync(destination!, instances, cancellationToken).ConfigureAwait(false);
            }

            foreach (var instance in instances)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                DimseStatus status;
                if (client is null && IsMove)
                {
                    status = new DimseStatus(0xA702);
                }
                else
                {
                    var opening = prefetch.TakeNext();
                    try
                    {
                        status = await StoreAsync(query, client, instance, opening, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // A C-CANCEL while the instance was still being fetched: stop now, close it when it arrives.
                        _ = InstancePrefetch.CloseQuietlyAsync(opening).AsTask();
                        cancelled = true;
                        break;
                    }
                }

                Count(instance, status);
                if (_remaining > 0)
                {
                    var pending = WithCounts(responder.CreateResponse(DimseStatus.Pending), includeRemaining: true);
                    await responder.SendAsync(pending, ReadOnlyMemory<byte>.Empty, closing).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await prefetch.DisposeAsync().ConfigureAwait(false);
            if (client is not null)
            {
                await client.CloseQuietlyAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false); // a requestor's release limit
            }
        }

        return await SendFinalAsync(cancelled, closing).ConfigureAwait(false);
    }

    private async Task RefuseAsync(IRetrieveHandler handler, QueryRequest query, DimseResult result, CancellationToken closing)
    {
        handler.Finished(query, RetrieveOutcome.Refused(result));
        await responder.RespondAsync(result, closing).ConfigureAwait(false);
    }

    private async Task<DicomClient?> ConnectDestinationAsync(DicomPeer destination, IReadOnlyList<IRetrieveInstance> instances, CancellationToken cancellationToken)
    {
        var contexts = new PresentationContextList();
        foreach (var group in instances.Select(i => (i.SopClassUid, i.TransferSyntaxUid)).Distinct().Take(96))
        {
            contexts.AddStorage(group.SopClassUid, group.TransferSyntaxUid);
        }

        // A destination that refuses a stored uncompressed syntax still gets the instance, transcoded.
        foreach (var sopClass in instances.Where(i => SubOperationTranscoder.CanTranscode(i.TransferSyntaxUid, SubOperationTranscoder.Fallbacks[0])).Select(i => i.SopClassUid).Distinct().Take(32))
        {
            contexts.Add(sopClass, SubOperationTranscoder.Fallbacks);
        }

        try
        {
            var options = services.ClientOptions with { CallingAeTitle = request.Association.CalledAeTitle };
            return await DicomClient.ConnectAsync(destination, contexts, options, logger: logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AssociationRejectedException or AssociationAbortedException or System.Net.Sockets.SocketException or OperationCanceledException or IOException
            or System.Security.Authentication.AuthenticationException or Archive.Tls.TlsMaterialException)
        {
            RetrieveLog.DestinationUnreachable(logger, destination.AeTitle, ex.Message);
            return null;
        }
    }

    private async Task<DimseStatus> StoreAsync(QueryRequest query, DicomClient? client, IRetrieveInstance instance, Task<Stream> opening, CancellationToken cancellationToken)
    {
        try
        {
            // The destination's context for the instance: its stored syntax if accepted, else one it can be transcoded to.
            var candidates = client is not null
                ? client.Association.Contexts.Values.Where(pc => pc.AbstractSyntax == instance.SopClassUid)
                : request.Association.Contexts.Values.Where(pc => pc.RequestorIsScp && pc.AbstractSyntax == instance.SopClassUid);
            var context = candidates.FirstOrDefault(pc => pc.TransferSyntax == instance.TransferSyntaxUid)
                ?? candidates.FirstOrDefault(pc => SubOperationTranscoder.CanTranscode(instance.TransferSyntaxUid, pc.TransferSyntax));
            if (context is null)
            {
                await InstancePrefetch.CloseQuietlyAsync(opening).ConfigureAwait(false);
                RetrieveLog.SubOperationFailed(logger, instance.SopInstanceUid, $"no accepted presentation context for {instance.SopClassUid} in its stored syntax {instance.TransferSyntaxUid} or one it converts to");
                return DimseStatus.SopClassNotSupported;
            }

            var closing = responder.Session.Engine.Closing;
            var opened = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
            long length = instance.Length;
            if (context.TransferSyntax != instance.TransferSyntaxUid)
            {
                opened = await SubOperationTranscoder.TranscodeAsync(opened, length, instance.TransferSyntaxUid, context.TransferSyntax, closing).ConfigureAwait(false);
                length = opened.Length;
            }

            await using var stream = opened;
            services.Retrieve!.Sending(query, instance, length);
            if (client is not null)
            {
                // A C-CANCEL lets the sub-operation in flight finish; the loop stops before the next one.
                var response = await client.StoreAsync(instance.SopClassUid, instance.SopInstanceUid, context.TransferSyntax, stream, length, request.Association.CallingAeTitle, request.MessageId, closing).ConfigureAwait(false);
                return response.Status;
            }

            // C-GET: back to the requestor on this association, on a context where it accepted the SCP role.
            var store = new DimseCommand
            {
                CommandField = DimseCommandField.CStoreRequest,
                AffectedSopClassUid = instance.SopClassUid,
                AffectedSopInstanceUid = instance.SopInstanceUid,
                MessageId = responder.Session.NextMessageId(),
                Priority = DimsePriority.Medium,
                CommandDataSetType = DimseCommand.DataSetPresent,
            };
            var final = await responder.Session.RequestFinalAsync(context, store, stream, length, closing).ConfigureAwait(false);
            return final.Status;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or InvalidDataException or Archive.Dicom.IO.DicomParseException || (ex is AssociationAbortedException && IsMove))
        {
            RetrieveLog.SubOperationFailed(logger, instance.SopInstanceUid, ex.Message);
            return DimseStatus.UnableToProcess;
        }
    }

    private void Count(IRetrieveInstance instance, DimseStatus status)
    {
        _remaining--;
        switch (status.Category)
        {
            case DimseStatusCategory.Success:
                _completed++;
                break;
            case DimseStatusCategory.Warning:
                _warning++;
                break;
            default:
                _failed++;
                _failedUids.Add(instance.SopInstanceUid);
                break;
        }
    }

    /// <summary>Sends the final response; returns its status.</summary>
    private async Task<DimseStatus> SendFinalAsync(bool cancelled, CancellationToken closing)
    {
        DimseStatus status;
        if (cancelled)
        {
            status = DimseStatus.Cancel;
        }
        else if (_failed == 0 && _warning == 0)
        {
            status = DimseStatus.Success;
        }
        else if (_completed == 0 && _warning == 0)
        {
            status = new DimseStatus(0xA702);
        }
        else
        {
            status = DimseStatus.SubOperationsCompleteWithFailures;
        }

        bool withList = _failedUids.Count > 0;
        var final = WithCounts(responder.CreateResponse(status, hasDataset: withList), includeRemaining: cancelled);
        var dataset = withList ? FailedInstanceList.Encode(_failedUids, request.Context.TransferSyntax) : ReadOnlyMemory<byte>.Empty;
        await responder.SendAsync(final, dataset, closing).ConfigureAwait(false);
        return status;
    }

    private DimseCommand WithCounts(DimseCommand response, bool includeRemaining) => response with
    {
        RemainingSubOperations = includeRemaining ? (ushort)Math.Min(_remaining, ushort.MaxValue) : null,
        CompletedSubOperations = (ushort)Math.Min(_completed, ushort.MaxValue),
        FailedSubOperations = (ushort)Math.Min(_failed, ushort.MaxValue),
        WarningSubOperations = (ushort)Math.Min(_warning, ushort.MaxValue),
    };
}
