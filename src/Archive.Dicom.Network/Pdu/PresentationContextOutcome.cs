namespace Archive.Dicom.Network.Pdu;

/// <summary>Result/reason of a presentation context in the A-ASSOCIATE-AC (PS3.8 Table 9-18).</summary>
public enum PresentationContextOutcome : byte
{
    Acceptance = 0,
    UserRejection = 1,
    ProviderRejectionNoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
