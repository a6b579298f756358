namespace Archive.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RJ PDU (type 03): result, source and the source-specific reason byte.</summary>
public readonly record struct AssociateReject(RejectResult Result, RejectSource Source, byte Reason);
