namespace Archive.Dicom.Network.Pdu;

/// <summary>User Identity sub-item of the AC (PS3.7 D.3.3.7.2): the server response (empty for username types).</summary>
public sealed record UserIdentityResponse(ReadOnlyMemory<byte> ServerResponse);
