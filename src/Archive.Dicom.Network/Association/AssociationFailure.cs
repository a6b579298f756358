namespace Archive.Dicom.Network.Association;

/// <summary>
/// Every reason an association is refused or torn down, local or remote: the single vocabulary of the
/// upper layer (STYLE.md §4). <see cref="AssociationFailureTable"/> is the only place that maps a reason
/// to its A-ASSOCIATE-RJ or A-ABORT wire values.
/// </summary>
public enum AssociationFailure
{
    /// <summary>A-ABORT, service-provider, reason-not-specified.</summary>
    ReasonNotSpecified,

    /// <summary>A-ABORT, service-provider: a PDU type this layer does not know.</summary>
    UnrecognizedPdu,

    /// <summary>A-ABORT, service-provider: a known PDU that is not allowed in the current state.</summary>
    UnexpectedPdu,

    /// <summary>A-ABORT, service-provider: an item or sub-item type that cannot be understood.</summary>
    UnrecognizedPduParameter,

    /// <summary>A-ABORT, service-provider: an item that is not allowed where it appears (e.g. a PDV for a context that was not accepted).</summary>
    UnexpectedPduParameter,

    /// <summary>A-ABORT, service-provider: a length or value out of range (truncated items, oversized PDUs, bad lengths).</summary>
    InvalidPduParameterValue,

    /// <summary>A-ASSOCIATE-RJ permanent, service-user, no-reason-given (e.g. no presentation context could be accepted).</summary>
    RejectedNoReason,

    /// <summary>A-ASSOCIATE-RJ permanent, service-user: the application context name is not DICOM's.</summary>
    ApplicationContextNotSupported,

    /// <summary>A-ASSOCIATE-RJ permanent, service-user: the calling AE title is invalid or not allowed.</summary>
    CallingAeTitleNotRecognized,

    /// <summary>A-ASSOCIATE-RJ permanent, service-user: the called AE title is invalid or not ours.</summary>
    CalledAeTitleNotRecognized,

    /// <summary>A-ASSOCIATE-RJ permanent, service-provider (ACSE): protocol version not supported.</summary>
    ProtocolVersionNotSupported,

    /// <summary>A-ASSOCIATE-RJ transient, service-provider (presentation): temporary congestion.</summary>
    TemporaryCongestion,

    /// <summary>A-ASSOCIATE-RJ transient, service-provider (presentation): too many associations.</summary>
    LocalLimitExceeded,

    /// <summary>Local: the ARTIM timer expired (no A-ASSOCIATE-RQ in time, or the peer never closed). Transport closed.</summary>
    ArtimExpired,

    /// <summary>Local: no PDU arrived within the idle timeout of an established association; sent as A-ABORT reason-not-specified.</summary>
    IdleTimeout,

    /// <summary>Local: no A-ASSOCIATE-AC/RJ or A-RELEASE-RP within the response timeout (a peer that accepts and never answers); sent as A-ABORT reason-not-specified.</summary>
    ResponseTimeout,

    /// <summary>Local: the peer closed the transport connection without release or abort.</summary>
    TransportClosed,

    /// <summary>The peer's service user aborted (A-ABORT with source service-user), or ours did.</summary>
    UserAbort,
}
