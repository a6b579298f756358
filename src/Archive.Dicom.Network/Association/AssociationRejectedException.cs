using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>The acceptor answered our A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ.</summary>
public sealed class AssociationRejectedException : Exception
{
    public AssociationRejectedException(AssociateReject reject)
        : base($"association rejected: {AssociationFailureTable.FromReject(reject)} (result {reject.Result}, source {reject.Source}, reason {reject.Reason})")
    {
        Reject = reject;
        Failure = AssociationFailureTable.FromReject(reject);
    }

    public AssociationRejectedException()
        : this(new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, 1))
    {
    }

    public AssociationRejectedException(string message)
        : base(message)
    {
    }

    public AssociationRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The wire values received.</summary>
    public AssociateReject Reject { get; }

    /// <summary>The reason in our vocabulary.</summary>
    public AssociationFailure Failure { get; }
}
