using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>The acceptor's answer to an A-ASSOCIATE-RQ: an accept to send, or a failure to reject with.</summary>
public readonly record struct NegotiationResult(AssociateAccept? Accept, AssociationFailure Failure)
{
    public static NegotiationResult Accepted(AssociateAccept accept) => new(accept, AssociationFailure.ReasonNotSpecified);

    public static NegotiationResult Rejected(AssociationFailure failure) => new(null, failure);

    public bool IsAccepted => Accept is not null;
}
