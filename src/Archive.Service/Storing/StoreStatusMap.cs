using Archive.Dicom.Network.Dimse;
using Archive.Grid.Writing;

namespace Archive.Service.Storing;

/// <summary>
/// The one table from grid write outcomes to C-STORE statuses (STYLE.md §4). Documented in
/// docs/conformance.md; error comments carry no patient data.
/// </summary>
public static class StoreStatusMap
{
    /// <summary>0xB000 with this comment: the SOP instance was stored before with other bytes and both versions are kept.</summary>
    public const string NewVersionComment = "stored as new version; previous kept";

    /// <summary>0xB000 with this comment: the bytes are those of an earlier version, and a newer one (other bytes) is what retrievals return.</summary>
    public const string OlderVersionComment = "same as an earlier version; newer version stays current";

    /// <summary>0x0124 with this comment: a site-scoped caller sent an instance of a study (or the instance itself) another site archived.</summary>
    public const string OtherSiteComment = "study archived for another site; not stored";

    public static DimseResult For(GridWriteOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            GridWriteStatus.Stored or GridWriteStatus.Duplicate => DimseResult.Success,
            GridWriteStatus.StoredNewVersion => new DimseResult(DimseStatus.CoercionOfDataElements, NewVersionComment),
            GridWriteStatus.DuplicateOfOlderVersion => new DimseResult(DimseStatus.CoercionOfDataElements, OlderVersionComment),
            GridWriteStatus.RefusedByExistingVersion => new DimseResult(new DimseStatus(0x0124), outcome.Detail),
            GridWriteStatus.RefusedDifferentContent => new DimseResult(DimseStatus.UnableToProcess, "instance exists with other bytes; refused"),
            GridWriteStatus.QuorumNotReached => new DimseResult(DimseStatus.OutOfResources, "not durable: " + (outcome.Brief ?? outcome.Detail)), // cut at 64 characters
            GridWriteStatus.OutOfSpace => new DimseResult(DimseStatus.OutOfResources, "storage full"),
            GridWriteStatus.ContentChanged => new DimseResult(DimseStatus.ProcessingFailure, "received bytes changed before they were stored; nothing kept, send again"),
            _ => new DimseResult(DimseStatus.CannotUnderstand, "object refused by the grid"),
        };
    }
}
