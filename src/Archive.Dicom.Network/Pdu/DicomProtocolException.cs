using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// The peer broke PS3.8: malformed, oversized or unexpected input. Carries the <see cref="AssociationFailure"/>
/// that decides the A-ABORT or A-ASSOCIATE-RJ sent back. Never thrown for expected outcomes.
/// </summary>
public sealed class DicomProtocolException : Exception
{
    public DicomProtocolException(AssociationFailure failure, string message)
        : base(message) => Failure = failure;

    public DicomProtocolException()
        : this(AssociationFailure.ReasonNotSpecified, "DICOM protocol violation")
    {
    }

    public DicomProtocolException(string message)
        : this(AssociationFailure.ReasonNotSpecified, message)
    {
    }

    public DicomProtocolException(string message, Exception innerException)
        : base(message, innerException) => Failure = AssociationFailure.ReasonNotSpecified;

    /// <summary>What to tell the peer.</summary>
    public AssociationFailure Failure { get; }
}
