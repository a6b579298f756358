using Archive.Dicom.Network.Dimse;

namespace Archive.Service.Committing;

/// <summary>The archive's transactions in and out of the Storage Commitment datasets (<see cref="StorageCommitmentDatasets"/>).</summary>
public static class CommitmentDatasets
{
    /// <summary>The transaction UID and referenced instances, or null when the request is malformed.</summary>
    public static (string TransactionUid, IReadOnlyList<CommitmentItem> Items)? TryDecodeAction(ReadOnlyMemory<byte> bytes, string transferSyntaxUid) =>
        StorageCommitmentDatasets.TryDecodeAction(bytes, transferSyntaxUid) is { } action
            ? (action.TransactionUid, action.Items.Select(i => new CommitmentItem(i.SopClassUid, i.SopInstanceUid)).ToArray())
            : null;

    /// <summary>The Event Information of a decided transaction: committed instances, then failed ones with their reasons.</summary>
    public static byte[] EncodeEvent(CommitmentTransaction transaction, string retrieveAeTitle, string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var items = transaction.Items
            .Select(i => new StorageCommitmentItem(i.SopClassUid, i.SopInstanceUid, i.FailureReason ?? StorageCommitmentFailureReasons.ProcessingFailure))
            .ToArray();
        return StorageCommitmentDatasets.EncodeEvent(transaction.TransactionUid, retrieveAeTitle, items, transferSyntaxUid);
    }
}
