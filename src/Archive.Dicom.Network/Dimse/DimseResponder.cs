namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// Sends the response(s) to one request on the request's presentation context. Used by one handler at a time.
/// </summary>
public sealed class DimseResponder
{
    private readonly DimseRequest _request;

    internal DimseResponder(DimseSession session, DimseRequest request)
    {
        Session = session;
        _request = request;
    }

    /// <summary>The session the request arrived on (C-GET sends its C-STORE sub-operations through it).</summary>
    public DimseSession Session { get; }

    /// <summary>True once a final (non-pending) response was sent.</summary>
    public bool HasResponded { get; private set; }

    /// <summary>The status of the final response once sent (for metrics and audit at the service boundary).</summary>
    public DimseStatus? FinalStatus { get; private set; }

    /// <summary>A response command for the request, with the usual affected UIDs and message id filled in.</summary>
    public DimseCommand CreateResponse(DimseResult result, bool hasDataset = false)
    {
        var rq = _request.Command;
        bool normalized = rq.CommandField is DimseCommandField.NActionRequest or DimseCommandField.NEventReportRequest
            or DimseCommandField.NGetRequest or DimseCommandField.NSetRequest or DimseCommandField.NCreateRequest or DimseCommandField.NDeleteRequest;
        return new DimseCommand
        {
            CommandField = (DimseCommandField)((ushort)rq.CommandField | 0x8000),
            AffectedSopClassUid = rq.SopClassUid,
            MessageIdBeingRespondedTo = rq.MessageId,
            Status = result.Status,
            ErrorComment = result.ErrorComment,
            AffectedSopInstanceUid = rq.CommandField == DimseCommandField.CStoreRequest || normalized ? rq.AffectedSopInstanceUid ?? rq.RequestedSopInstanceUid : null,
            ActionTypeId = rq.CommandField == DimseCommandField.NActionRequest ? rq.ActionTypeId : null,
            EventTypeId = rq.CommandField == DimseCommandField.NEventReportRequest ? rq.EventTypeId : null,
            CommandDataSetType = hasDataset ? DimseCommand.DataSetPresent : DimseCommand.NoDataSet,
        };
    }

    /// <summary>Sends <paramref name="response"/> with an optional dataset    /// <summary>Sends <paramref name="response"/> with an optional dataset (encoded in the context's transfer syntax).</summary>
    public async ValueTask SendAsync(DimseCommand response, ReadOnlyMemory<byte> dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await Session.SendAsync(_request.Context.Id, response, response.HasDataSet ? (ReadOnlyMemory<byte>?)dataset : null, cancellationToken).ConfigureAwait(false);
        if (response.Status is { IsFinal: true })
        {
            HasResponded = true;
            FinalStatus = response.Status;
        }
    }

    /// <summary>Sends a response with <paramref name="result"/> and no dataset.</summary>
    public ValueTask RespondAsync(DimseResult result, CancellationToken cancellationToken) =>
        SendAsync(CreateResponse(result), ReadOnlyMemory<byte>.Empty, cancellationToken);
}
