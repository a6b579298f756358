namespace Archive.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RJ result field (PS3.8 Table 9-21).</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
