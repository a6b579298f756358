namespace Archive.Dicom.Network.Pdu;

/// <summary>SOP Class Common Extended Negotiation sub-item (PS3.7 D.3.3.6), sent by the requestor only.</summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClasses);
