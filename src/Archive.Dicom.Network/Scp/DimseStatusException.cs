using Archive.Dicom.Network.Dimse;

namespace Archive.Dicom.Network.Scp;

/// <summary>Thrown by a query handler when the request itself is wrong (bad identifier, unsupported level): answered with <see cref="Result"/>.</summary>
public sealed class DimseStatusException : Exception
{
    public DimseStatusException(DimseResult result)
        : base($"DIMSE failure {result.Status}: {result.ErrorComment}") => Result = result;

    public DimseStatusException()
        : this(new DimseResult(DimseStatus.UnableToProcess))
    {
    }

    public DimseStatusException(string message)
        : this(new DimseResult(DimseStatus.UnableToProcess, message))
    {
    }

    public DimseStatusException(string message, Exception innerException)
        : base(message, innerException) => Result = new DimseResult(DimseStatus.UnableToProcess, message);

    public DimseResult Result { get; }
}
