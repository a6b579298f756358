using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>The one table from <see cref="AssociationFailure"/> to the wire (PS3.8 §9.3.4, §9.3.8) and back.</summary>
public static class AssociationFailureTable
{
    /// <summary>The A-ASSOCIATE-RJ to send for a failure detected while negotiating, or null when the failure is not a rejection.</summary>
    public static AssociateReject? ToReject(AssociationFailure failure) => failure switch
    {
        AssociationFailure.RejectedNoReason => new(RejectResult.Permanent, RejectSource.ServiceUser, 1),
        AssociationFailure.ApplicationContextNotSupported => new(RejectResult.Permanent, RejectSource.ServiceUser, 2),
        AssociationFailure.CallingAeTitleNotRecognized => new(RejectResult.Permanent, RejectSource.ServiceUser, 3),
        AssociationFailure.CalledAeTitleNotRecognized => new(RejectResult.Permanent, RejectSource.ServiceUser, 7),
        AssociationFailure.ProtocolVersionNotSupported => new(RejectResult.Permanent, RejectSource.ServiceProviderAcse, 2),
        AssociationFailure.TemporaryCongestion => new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 1),
        AssociationFailure.LocalLimitExceeded => new(RejectResult.Transient, RejectSource.ServiceProviderPresentation, 2),
        _ => null,
    };

    /// <summary>The A-ABORT to send for a failure; every failure that is not a rejection aborts.</summary>
    public static AAbort ToAbort(AssociationFailure failure) => failure switch
    {
        AssociationFailure.UserAbort => new(AbortSource.ServiceUser, 0),
        AssociationFailure.UnrecognizedPdu => new(AbortSource.ServiceProvider, 1),
        AssociationFailure.UnexpectedPdu => new(AbortSource.ServiceProvider, 2),
        AssociationFailure.UnrecognizedPduParameter => new(AbortSource.ServiceProvider, 4),
        AssociationFailure.UnexpectedPduParameter => new(AbortSource.ServiceProvider, 5),
        AssociationFailure.InvalidPduParameterValue => new(AbortSource.ServiceProvider, 6),
        _ => new(AbortSource.ServiceProvider, 0),
    };

    /// <summary>Reads a received A-ASSOCIATE-RJ back into the vocabulary (unknown combinations become <see cref="AssociationFailure.RejectedNoReason"/>).</summary>
    public static AssociationFailure FromReject(AssociateReject reject) => (reject.Source, reject.Reason) switch
    {
        (RejectSource.ServiceUser, 2) => AssociationFailure.ApplicationContextNotSupported,
        (RejectSource.ServiceUser, 3) => AssociationFailure.CallingAeTitleNotRecognized,
        (RejectSource.ServiceUser, 7) => AssociationFailure.CalledAeTitleNotRecognized,
        (RejectSource.ServiceProviderAcse, 2) => AssociationFailure.ProtocolVersionNotSupported,
        (RejectSource.ServiceProviderPresentation, 1) => AssociationFailure.TemporaryCongestion,
        (RejectSource.ServiceProviderPresentation, 2) => AssociationFailure.LocalLimitExceeded,
        _ => AssociationFailure.RejectedNoReason,
    };

    /// <summary>Reads a received A-ABORT back into the vocabulary.</summary>
    public static AssociationFailure FromAbort(AAbort abort) => abort.Source switch
    {
        AbortSource.ServiceUser => AssociationFailure.UserAbort,
        _ => abort.Reason switch
        {
            1 => AssociationFailure.UnrecognizedPdu,
            2 => AssociationFailure.UnexpectedPdu,
            4 => AssociationFailure.UnrecognizedPduParameter,
            5 => AssociationFailure.UnexpectedPduParameter,
            6 => AssociationFailure.InvalidPduParameterValue,
            _ => AssociationFailure.ReasonNotSpecified,
        },
    };
}
