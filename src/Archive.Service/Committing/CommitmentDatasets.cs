using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Service.Committing;

/// <summary>The N-ACTION Action Information and N-EVENT-REPORT Event Information of Storage Commitment (PS3.4 J.3.2, J.3.3).</summary>
public static class CommitmentDatasets
{
    public static readonly DicomTag TransactionUid = new(0x0008, 0x1195);
    public static readonly DicomTag ReferencedSopSequence = new(0x0008, 0x1199);
    public static readonly DicomTag FailedSopSequence = new(0x0008, 0x1198);
    public static readonly DicomTag ReferencedSopClassUid = new(0x0008, 0x1150);
    public static readonly DicomTag ReferencedSopInstanceUid = new(0x0008, 0x1155);
    public static readonly DicomTag FailureReason = new(0x0008, 0x1197);
    public static readonly DicomTag RetrieveAeTitle = new(0x0008, 0x0054);

    /// <summary>Most instances one request may reference.</summary>
    public const int MaxItems = 100_000;

    /// <summary>The transaction UID and referenced instances, or null when the request is malformed.</summary>
    public static (string TransactionUid, IReadOnlyList<CommitmentItem> Items)? TryDecodeAction(ReadOnlyMemory<byte> bytes, string transferSyntaxUid)
    {
        DicomDataset dataset;
        try
        {
            dataset = DicomDatasetBytes.Decode(bytes, DicomTransferSyntax.Lookup(transferSyntaxUid));
        }
        catch (DicomParseException)
        {
            return null;
        }

        var transaction = dataset.GetText(TransactionUid);
        var sequence = dataset.GetSequence(ReferencedSopSequence);
        if (string.IsNullOrEmpty(transaction) || sequence is null || sequence.Items.Count is 0 or > MaxItems)
        {
            return null;
        }

        var items = new List<CommitmentItem>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            var sopClass = item.Dataset.GetText(ReferencedSopClassUid);
            var sopInstance = item.Dataset.GetText(ReferencedSopInstanceUid);
            if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
            {
                return null;
            }

            items.Add(new CommitmentItem(sopClass, sopInstance));
        }

        return (transaction, items);
    }

    /// <summary>The Event Information of a decided transaction: committed instances, then failed ones with their reasons.</summary>
    public static byte[] EncodeEvent(CommitmentTransaction transaction, string retrieveAeTitle, string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(RetrieveAeTitle, DicomVR.AE, retrieveAeTitle);
        dataset.AddOrReplaceText(TransactionUid, DicomVR.UI, transaction.TransactionUid);
        var committed = transaction.Items.Where(i => i.FailureReason == 0).ToArray();
        var failed = transaction.Items.Where(i => i.FailureReason is not 0).ToArray();
        if (committed.Length > 0)
        {
            dataset.Add(Sequence(dataset, ReferencedSopSequence, committed, withReason: false));
        }

        if (failed.Length > 0)
        {
            dataset.Add(Sequence(dataset, FailedSopSequence, failed, withReason: true));
        }

        return DicomDatasetBytes.Encode(dataset, DicomTransferSyntax.Lookup(transferSyntaxUid));
    }

    private static DicomSequence Sequence(DicomDataset parent, DicomTag tag, IEnumerable<CommitmentItem> items, bool withReason)
    {
        var sequence = new DicomSequence(tag);
        foreach (var item in items)
        {
            var dataset = new DicomDataset(parent);
            dataset.AddOrReplaceText(ReferencedSopClassUid, DicomVR.UI, item.SopClassUid);
            dataset.AddOrReplaceText(ReferencedSopInstanceUid, DicomVR.UI, item.SopInstanceUid);
            if (withReason)
            {
                dataset.Add(DicomValueElement.FromUInt16(FailureReason, item.FailureReason ?? 0x0110));
            }

            sequence.AddItem(dataset);
        }

        return sequence;
    }
}
