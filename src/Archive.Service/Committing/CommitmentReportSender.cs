using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;
using Archive.Dicom.Network.Scu;
using Archive.Service.Configuration;

namespace Archive.Service.Committing;

/// <summary>
/// Delivers a decided transaction's N-EVENT-REPORT: through the reporter of the original
/// association while the node has it (it falls back to a new association itself), else — after a
/// restart — on a new association to the requestor's configured address, with our SCP role.
/// Throws when no association could carry it (the handler retries later).
/// </summary>
public sealed class CommitmentReportSender(AeRegistry registry, ArchiveServiceOptions options, DicomClientOptions clientOptions)
{
    /// <summary>The report was delivered once the response arrived; a failed release changes nothing.</summary>
    private static async Task ReleaseQuietlyAsync(DicomClient client)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.ReleaseAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or AssociationAbortedException)
        {
            await client.AbortAsync().ConfigureAwait(false);
        }
    }

    public async Task<DimseStatus> SendAsync(CommitmentTransaction transaction, ushort eventType, StorageCommitmentReporter? reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (reporter is not null)
        {
            return await reporter.ReportAsync(eventType, syntax => CommitmentDatasets.EncodeEvent(transaction, options.AeTitle, syntax), cancellationToken).ConfigureAwait(false);
        }

        var peer = registry.Resolve(transaction.CallingAeTitle)
            ?? throw new InvalidOperationException($"storage commitment requestor {transaction.CallingAeTitle} has no configured address");
        var contexts = new PresentationContextList()
            .Add(ServiceUids.StorageCommitmentPushModel)
            .AddRole(ServiceUids.StorageCommitmentPushModel, scu: false, scp: true);
        var client = await DicomClient.ConnectAsync(peer, contexts, clientOptions with { CallingAeTitle = transaction.CalledAeTitle }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (client.ConfigureAwait(false))
        {
            var context = client.FindContext(ServiceUids.StorageCommitmentPushModel)
                ?? throw new InvalidOperationException("the requestor refused the storage commitment context");
            var response = await client.NEventReportAsync(ServiceUids.StorageCommitmentPushModel, ServiceUids.StorageCommitmentPushModelInstance, eventType, CommitmentDatasets.EncodeEvent(transaction, options.AeTitle, context.TransferSyntax), cancellationToken).ConfigureAwait(false);
            await ReleaseQuietlyAsync(client).ConfigureAwait(false);
            return response.Status;
        }
    }
}
