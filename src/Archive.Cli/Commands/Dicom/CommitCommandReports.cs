using System.Threading.Channels;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Cli.Commands.Dicom;

/// <summary>
/// The N-EVENT-REPORT SCP of <c>archivectl dicom commit</c>, on the requesting association and on its own listener:
/// keeps the reports it could decode, answers the others with a processing failure.
/// </summary>
/// <param name="ourAeTitle">Our AE title, to tell the peer's apart on either association.</param>
internal sealed class CommitCommandReports(string ourAeTitle) : INEventReportHandler
{
    private readonly Channel<Report> _received = Channel.CreateUnbounded<Report>();

    /// <param name="PeerAeTitle">Who sent it: the AE we called on the requesting association, the caller on a new one.</param>
    /// <param name="OnNewAssociation">Whether the peer sent it on an association it opened (else on the requesting one).</param>
    public sealed record Report(ushort EventType, string TransactionUid, IReadOnlyList<StorageCommitmentItem> Items, string PeerAeTitle, bool OnNewAssociation);

    public ValueTask<DimseResult> EventReportAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StorageCommitmentDatasets.TryDecodeEvent(request.Dataset, request.Context.TransferSyntax) is not { } decoded)
        {
            return ValueTask.FromResult(new DimseResult(DimseStatus.ProcessingFailure, "malformed event information"));
        }

        var association = request.Association;
        var onNew = association.CallingAeTitle != ourAeTitle;
        _received.Writer.TryWrite(new Report(request.Command.EventTypeId ?? 0, decoded.TransactionUid, decoded.Items, onNew ? association.CallingAeTitle : association.CalledAeTitle, onNew));
        return ValueTask.FromResult(DimseResult.Success);
    }

    /// <summary>The report of <paramref name="transactionUid"/> (others are skipped), or null after <paramref name="timeout"/>.</summary>
    public async Task<Report?> WaitAsync(string transactionUid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var report = await _received.Reader.ReadAsync(deadline.Token);
                if (report.TransactionUid == transactionUid)
                {
                    return report;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
