using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>How one C-MOVE or C-GET ended: its final status and sub-operation counts (all zero when it was refused).</summary>
/// <param name="Remaining">Sub-operations not performed (a cancelled retrieve).</param>
public sealed record RetrieveOutcome(DimseResult Result, int Completed, int Failed, int Warning, int Remaining)
{
    public static RetrieveOutcome Refused(DimseResult result) => new(result, 0, 0, 0, 0);

    /// <summary>Whether sub-operations ran (false: refused as a whole).</summary>
    public bool Ran => Completed + Failed + Warning + Remaining > 0;
}
