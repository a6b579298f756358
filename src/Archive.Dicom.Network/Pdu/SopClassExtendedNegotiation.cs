namespace Archive.Dicom.Network.Pdu;

/// <summary>SOP Class Extended Negotiation sub-item (PS3.7 D.3.3.5): opaque service-class application information.</summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ApplicationInformation);
