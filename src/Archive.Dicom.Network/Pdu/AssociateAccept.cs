namespace Archive.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-AC PDU (type 02): one result per proposed presentation context.</summary>
public sealed record AssociateAccept(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextResult> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = AssociateRequest.DicomApplicationContext,
    ushort ProtocolVersion = 1);
