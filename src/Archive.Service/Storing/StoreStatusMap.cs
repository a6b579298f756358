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

    public static DimseResult For(GridWriteOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            GridWriteStatus.Stored or GridWriteStatus.Duplicate => DimseResult.Success,
            GridWriteStatus.StoredNewVersion => new DimseResult(DimseStatus.CoercionOfDataElements, NewVersionComment),
            GridWriteStatus.RefusedDifferentContent => new DimseResult(DimseStatus.UnableToProcess, "instance exists with other bytes; refused"),
            GridWriteStatus.QuorumNotReached => new DimseResult(DimseStatus.OutOfResources, "grid could not make it durable"),
            GridWriteStatus.OutOfSpace => new DimseResult(DimseStatus.OutOfResources, "storage full"),
            _ => new DimseResult(DimseStatus.CannotUnderstand, "object refused by the grid"),
        };
    }
}
