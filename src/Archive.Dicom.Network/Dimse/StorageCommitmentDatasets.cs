using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// The datasets of Storage Commitment Push Model (PS3.4 J.3): the N-ACTION Action Information a requestor sends
/// and the N-EVENT-REPORT Event Information it gets back. One codec for both sides: the archive's SCP and the
/// <c>archivectl dicom commit</c> SCU.
/// </summary>
public static class StorageCommitmentDatasets
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

    /// <summary>Event Type ID of a report where every instance is committed.</summary>
    public const ushort AllCommitted = 1;

    /// <summary>Event Type ID of a report with at least one failed instance.</summary>
    public const ushort SomeFailed = 2;

    /// <summary>The N-ACTION Action Type ID of a commitment request.</summary>
    public const ushort RequestCommitment = 1;

    /// <summary>The Action Information of a request for <paramref name="items"/>.</summary>
    public static byte[] EncodeAction(string transactionUid, IEnumerable<StorageCommitmentItem> items, string transferSyntaxUid)
    {
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(TransactionUid, DicomVR.UI, transactionUid);
        dataset.Add(Sequence(dataset, ReferencedSopSequence, items, withReason: false));
        return DicomDatasetBytes.Encode(dataset, DicomTransferSyntax.Lookup(transferSyntaxUid));
    }

    /// <summary>The transaction UID and referenced instances of a request, or null when it is malformed.</summary>
    public static (string TransactionUid, IReadOnlyList<StorageCommitmentItem> Items)? TryDecodeAction(ReadOnlyMemory<byte> bytes, string transferSyntaxUid)
    {
        if (TryDecode(bytes, transferSyntaxUid) is not { } dataset)
        {
            return null;
        }

        var transaction = dataset.GetText(TransactionUid);
        var items = Items(dataset.GetSequence(ReferencedSopSequence), withReason: false);
        return string.IsNullOrEmpty(transaction) || items is null or { Count: 0 } ? null : (transaction, items);
    }

    /// <summary>
    /// The Event Information of a decided transaction: the committed instances (<see cref="StorageCommitmentItem.FailureReason"/>
    /// 0), then the failed ones with their reasons.
    /// </summary>
    public static byte[] EncodeEvent(string transactionUid, string retrieveAeTitle, IReadOnlyCollection<StorageCommitmentItem> items, string transferSyntaxUid)
    {
        ArgumentNullException.ThrowIfNull(items);
        var dataset = new DicomDataset();
        dataset.AddOrReplaceText(RetrieveAeTitle, DicomVR.AE, retrieveAeTitle);
        dataset.AddOrReplaceText(TransactionUid, DicomVR.UI, transactionUid);
        var committed = items.Where(i => i.FailureReason == 0).ToArray();
        var failed = items.Where(i => i.FailureReason is not 0).ToArray();
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

    /// <summary>
    /// A report's transaction UID and instances: committed ones with reason 0, failed ones with theirs (0x0110,
    /// processing failure, when the item carries none). Null when the dataset is malformed.
    /// </summary>
    public static (string TransactionUid, IReadOnlyList<StorageCommitmentItem> Items)? TryDecodeEvent(ReadOnlyMemory<byte> bytes, string transferSyntaxUid)
    {
        if (TryDecode(bytes, transferSyntaxUid) is not { } dataset)
        {
            return null;
        }

        var transaction = dataset.GetText(TransactionUid);
        var committed = Items(dataset.GetSequence(ReferencedSopSequence), withReason: false) ?? [];
        var failed = Items(dataset.GetSequence(FailedSopSequence), withReason: true) ?? [];
        return string.IsNullOrEmpty(transaction) ? null : (transaction, [.. committed, .. failed]);
    }

    private static DicomDataset? TryDecode(ReadOnlyMemory<byte> bytes, string transferSyntaxUid)
    {
        try
        {
            return DicomDatasetBytes.Decode(bytes, DicomTransferSyntax.Lookup(transferSyntaxUid));
        }
        catch (DicomParseException)
        {
            return null;
        }
    }

    /// <summary>The items of a sequence, or null when it is absent, too long or an item lacks a UID.</summary>
    private static List<StorageCommitmentItem>? Items(DicomSequence? sequence, bool withReason)
    {
        if (sequence is null || sequence.Items.Count > MaxItems)
        {
            return null;
        }

        var items = new List<StorageCommitmentItem>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            var sopClass = item.Dataset.GetText(ReferencedSopClassUid);
            var sopInstance = item.Dataset.GetText(ReferencedSopInstanceUid);
            if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
            {
                return null;
            }

            ushort reason = 0;
            if (withReason)
            {
                reason = item.Dataset.TryGetUInt16(FailureReason, out var r) && r != 0 ? r : StorageCommitmentFailureReasons.ProcessingFailure;
            }

            items.Add(new StorageCommitmentItem(sopClass, sopInstance, reason));
        }

        return items;
    }

    private static DicomSequence Sequence(DicomDataset parent, DicomTag tag, IEnumerable<StorageCommitmentItem> items, bool withReason)
    {
        var sequence = new DicomSequence(tag);
        foreach (var item in items)
        {
            var dataset = new DicomDataset(parent);
            dataset.AddOrReplaceText(ReferencedSopClassUid, DicomVR.UI, item.SopClassUid);
            dataset.AddOrReplaceText(ReferencedSopInstanceUid, DicomVR.UI, item.SopInstanceUid);
            if (withReason)
            {
                dataset.Add(DicomValueElement.FromUInt16(FailureReason, item.FailureReason is 0 ? StorageCommitmentFailureReasons.ProcessingFailure : item.FailureReason));
            }

            sequence.AddItem(dataset);
        }

        return sequence;
    }
}

/// <summary>One instance of a commitment request or report.</summary>
/// <param name="FailureReason">In a report: 0 when committed, else a PS3.4 Failure Reason (<see cref="StorageCommitmentFailureReasons"/>).</param>
public sealed record StorageCommitmentItem(string SopClassUid, string SopInstanceUid, ushort FailureReason = 0);

/// <summary>PS3.4 Failure Reason (0008,1197) values of storage commitment.</summary>
public static class StorageCommitmentFailureReasons
{
    public const ushort ProcessingFailure = 0x0110;
    public const ushort NoSuchObjectInstance = 0x0112;
    public const ushort ResourceLimitation = 0x0213;
    public const ushort ReferencedSopClassNotSupported = 0x0122;
    public const ushort ClassInstanceConflict = 0x0119;
    public const ushort DuplicateTransactionUid = 0x0131;

    /// <summary>The reason's name as PS3.4 gives it (its hex value when it is not one of them).</summary>
    public static string Describe(ushort reason) => reason switch
    {
        ProcessingFailure => "processing failure",
        NoSuchObjectInstance => "no such object instance",
        ResourceLimitation => "resource limitation",
        ReferencedSopClassNotSupported => "referenced SOP class not supported",
        ClassInstanceConflict => "class/instance conflict",
        DuplicateTransactionUid => "duplicate transaction UID",
        _ => $"0x{reason:X4}",
    };
}
