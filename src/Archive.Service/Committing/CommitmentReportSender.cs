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
    public async Task<EventReportDelivery> SendAsync(CommitmentTransaction transaction, ushort eventType, StorageCommitmentReporter? reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ReadOnlyMemory<byte> Encode(string syntax) => CommitmentDatasets.EncodeEvent(transaction, options.AeTitle, syntax);
        if (reporter is not null)
        {
            return await reporter.ReportAsync(eventType, Encode, cancellationToken).ConfigureAwait(false);
        }

        var peer = registry.Resolve(transaction.CallingAeTitle)
            ?? throw new InvalidOperationException($"storage commitment requestor {transaction.CallingAeTitle} has no configured address");
        return await StorageCommitmentReporter.ReportOnNewAssociationAsync(peer, clientOptions with { CallingAeTitle = transaction.CalledAeTitle }, eventType, Encode, cancellationToken).ConfigureAwait(false);
    }
}
