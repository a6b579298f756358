namespace Archive.Dicom.Network.Pdu;

/// <summary>User Identity Type of the user identity sub-item.</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    Kerberos = 3,
    Saml = 4,
    Jwt = 5,
}
