namespace Archive.Dicom.Network.Dimse;

/// <summary>The category a DIMSE status code belongs to (PS3.7 Annex C).</summary>
public enum DimseStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}
