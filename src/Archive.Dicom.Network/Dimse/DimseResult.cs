namespace Archive.Dicom.Network.Dimse;

/// <summary>The outcome of an operation as a value: a status and an optional error comment (≤ 64 characters, no patient data).</summary>
public readonly record struct DimseResult(DimseStatus Status, string? ErrorComment = null)
{
    public static readonly DimseResult Success = new(DimseStatus.Success);

    public static implicit operator DimseResult(DimseStatus status) => new(status);

    public static DimseResult FromDimseStatus(DimseStatus status) => new(status);
}
