namespace Archive.Dicom.Network.Pdu;

/// <summary>A-ABORT PDU (type 07): source and reason (reason is only meaningful for the service-provider).</summary>
public readonly record struct AAbort(AbortSource Source, byte Reason);
