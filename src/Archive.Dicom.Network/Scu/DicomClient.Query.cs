using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scu;

/// <summary>C-FIND, C-MOVE and the normalized requests of storage commitment.</summary>
public sealed partial class DicomClient
{
    /// <summary>
    /// C-FIND on <paramref name="model"/> (e.g. <see cref="ServiceUids.StudyRootFind"/>). The identifier must be
    /// encoded in the transfer syntax of <c>FindContext(model)</c>. Yields every response, the final one last;
    /// cancelling sends C-CANCEL.
    /// </summary>
    public IAsyncEnumerable<DimseResponse> FindAsync(string model, ReadOnlyMemory<byte> identifier, DimsePriority priority = DimsePriority.Medium, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(model);
        var request = new DimseCommand
        {
            CommandField = DimseCommandField.CFindRequest,
            AffectedSopClassUid = model,
            MessageId = _session.NextMessageId(),
            Priority = priority,
            CommandDataSetType = DimseCommand.DataSetPresent,
        };
        return _session.RequestAsync(context, request, new MemoryStream(identifier.ToArray(), writable: false), identifier.Length, cancellationToken);
    }

    /// <summary>C-MOVE to <paramref name="destinationAeTitle"/>; yields pending responses with sub-operation counts, then the final one.</summary>
    public IAsyncEnumerable<DimseResponse> MoveAsync(string model, string destinationAeTitle, ReadOnlyMemory<byte> identifier, DimsePriority priority = DimsePriority.Medium, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(model);
        var request = new DimseCommand
        {
            CommandField = DimseCommandField.CMoveRequest,
            AffectedSopClassUid = model,
            MessageId = _session.NextMessageId(),
            Priority = priority,
            MoveDestination = destinationAeTitle,
            CommandDataSetType = DimseCommand.DataSetPresent,
        };
        return _session.RequestAsync(context, request, new MemoryStream(identifier.ToArray(), writable: false), identifier.Length, cancellationToken);
    }

    /// <summary>N-ACTION-RQ (e.g. storage commitment request, action type 1) with its action information.</summary>
    public Task<DimseResponse> NActionAsync(string sopClassUid, string sopInstanceUid, ushort actionTypeId, ReadOnlyMemory<byte> actionInformation, CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var request = new DimseCommand
        {
            CommandField = DimseCommandField.NActionRequest,
            RequestedSopClassUid = sopClassUid,
            RequestedSopInstanceUid = sopInstanceUid,
            ActionTypeId = actionTypeId,
            MessageId = _session.NextMessageId(),
            CommandDataSetType = actionInformation.IsEmpty ? DimseCommand.NoDataSet : DimseCommand.DataSetPresent,
        };
        return _session.RequestFinalAsync(context, request, actionInformation.IsEmpty ? null : new MemoryStream(actionInformation.ToArray(), writable: false), actionInformation.Length, cancellationToken);
    }

    /// <summary>N-EVENT-REPORT-RQ (e.g. storage commitment result, event type 1 or 2) with its event information.</summary>
    public Task<DimseResponse> NEventReportAsync(string sopClassUid, string sopInstanceUid, ushort eventTypeId, ReadOnlyMemory<byte> eventInformation, CancellationToken cancellationToken = default) =>
        SendEventReportAsync(_session, RequireContext(sopClassUid), sopClassUid, sopInstanceUid, eventTypeId, eventInformation, cancellationToken);

    /// <summary>Sends an N-EVENT-REPORT-RQ on any session (the SCP side of storage commitment uses it on its own association).</summary>
    public static Task<DimseResponse> SendEventReportAsync(DimseSession session, Association.PresentationContext context, string sopClassUid, string sopInstanceUid, ushort eventTypeId, ReadOnlyMemory<byte> eventInformation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var request = new DimseCommand
        {
            CommandField = DimseCommandField.NEventReportRequest,
            AffectedSopClassUid = sopClassUid,
            AffectedSopInstanceUid = sopInstanceUid,
            EventTypeId = eventTypeId,
            MessageId = session.NextMessageId(),
            CommandDataSetType = eventInformation.IsEmpty ? DimseCommand.NoDataSet : DimseCommand.DataSetPresent,
        };
        return session.RequestFinalAsync(context, request, eventInformation.IsEmpty ? null : new MemoryStream(eventInformation.ToArray(), writable: false), eventInformation.Length, cancellationToken);
    }
}
