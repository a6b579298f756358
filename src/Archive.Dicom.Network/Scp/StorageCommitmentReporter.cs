using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Scu;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// Sends the N-EVENT-REPORT of one storage commitment transaction: on the original association if it is still
/// established, else on a new association to the requestor (looked up by AE title), proposing the SCP role for
/// ourselves (PS3.4 J.3.3). Thread-safe; use once per transaction.
/// </summary>
public sealed class StorageCommitmentReporter
{
    private readonly DimseSession _session;
    private readonly IDicomPeerResolver? _peers;
    private readonly DicomClientOptions _clientOptions;

    internal StorageCommitmentReporter(DimseSession session, IDicomPeerResolver? peers, DicomClientOptions clientOptions)
    {
        _session = session;
        _peers = peers;
        _clientOptions = clientOptions;
    }

    /// <summary>
    /// Reports the result: <paramref name="eventTypeId"/> 1 (all committed) or 2 (failures exist), with the event
    /// information produced by <paramref name="encode"/> in the transfer syntax it is given. Returns the
    /// requestor's status and the route taken. Throws when no association could carry the report.
    /// </summary>
    public async Task<EventReportDelivery> ReportAsync(ushort eventTypeId, Func<string, ReadOnlyMemory<byte>> encode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encode);
        if (_session.Engine.State == AssociationState.Established
            && _session.Association.FindContext(ServiceUids.StorageCommitmentPushModel) is { } context)
        {
            try
            {
                var response = await DicomClient.SendEventReportAsync(_session, context, ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, eventTypeId, encode(context.TransferSyntax), cancellationToken).ConfigureAwait(false);
                return new EventReportDelivery(response.Status, $"on the requesting association ({_session.Association.RemoteAddress ?? "?"})");
            }
            catch (AssociationAbortedException)
            {
                // Closed meanwhile: fall through to a new association.
            }
        }

        string requestor = _session.Association.CallingAeTitle;
        var peer = _peers?.Resolve(requestor) ?? throw new InvalidOperationException($"storage commitment requestor {requestor} has no configured address");
        return await ReportOnNewAssociationAsync(peer, _clientOptions with { CallingAeTitle = _session.Association.CalledAeTitle }, eventTypeId, encode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports on a new association to <paramref name="peer"/> (the requestor), proposing the SCP role for ourselves
    /// (PS3.4 J.3.3): when the original association is gone, or after a restart. The report counts as delivered once
    /// the response arrived; a release that fails then changes nothing (retrying would report twice).
    /// </summary>
    public static async Task<EventReportDelivery> ReportOnNewAssociationAsync(DicomPeer peer, DicomClientOptions clientOptions, ushort eventTypeId, Func<string, ReadOnlyMemory<byte>> encode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(encode);
        var contexts = new PresentationContextList()
            .Add(ServiceUids.StorageCommitmentPushModel)
            .AddRole(ServiceUids.StorageCommitmentPushModel, scu: false, scp: true);
        var client = await DicomClient.ConnectAsync(peer, contexts, clientOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var context = client.FindContext(ServiceUids.StorageCommitmentPushModel)
                ?? throw new DicomProtocolException(AssociationFailure.RejectedNoReason, "the requestor refused the storage commitment context");
            var response = await DicomClient.SendEventReportAsync(client.Session, context, ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, eventTypeId, encode(context.TransferSyntax), cancellationToken).ConfigureAwait(false);
            await client.CloseQuietlyAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return new EventReportDelivery(response.Status, $"on a new association to {peer.Host}:{peer.Port}");
        }
    }
}

/// <summary>How a storage commitment report went: the requestor's status, and the route (which association, to where).</summary>
public sealed record EventReportDelivery(DimseStatus Status, string Route);
