namespace Archive.Dicom.Network.Pdu;

/// <summary>The seven PDU types of PS3.8 §9.3.1 with their wire values.</summary>
public enum PduType : byte
{
    AssociateRequest = 0x01,
    AssociateAccept = 0x02,
    AssociateReject = 0x03,
    PData = 0x04,
    ReleaseRequest = 0x05,
    ReleaseResponse = 0x06,
    Abort = 0x07,
}
