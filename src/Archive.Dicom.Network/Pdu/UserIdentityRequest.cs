namespace Archive.Dicom.Network.Pdu;

/// <summary>User Identity negotiation sub-item of the RQ (PS3.7 D.3.3.7). Fields are opaque bytes (password, Kerberos ticket, SAML, JWT); never log them.</summary>
public sealed record UserIdentityRequest(UserIdentityType Type, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField);
