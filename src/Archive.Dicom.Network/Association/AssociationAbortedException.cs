namespace Archive.Dicom.Network.Association;

/// <summary>The association ended before the operation completed (A-ABORT, A-P-ABORT, transport closed, timer).</summary>
public sealed class AssociationAbortedException : Exception
{
    public AssociationAbortedException(AssociationFailure failure)
        : base($"association ended: {failure}") => Failure = failure;

    public AssociationAbortedException()
        : this(AssociationFailure.ReasonNotSpecified)
    {
    }

    public AssociationAbortedException(string message)
        : base(message)
    {
    }

    public AssociationAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the association ended.</summary>
    public AssociationFailure Failure { get; }
}
