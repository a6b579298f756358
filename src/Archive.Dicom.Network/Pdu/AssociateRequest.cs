namespace Archive.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ PDU (type 01). AE titles are trimmed; the acceptor validates them.</summary>
public sealed record AssociateRequest(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = AssociateRequest.DicomApplicationContext,
    ushort ProtocolVersion = 1)
{
    /// <summary>The only application context name of DICOM (PS3.7 Annex A).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";
}
