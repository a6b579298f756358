namespace Archive.Dicom.Network.Scp;

/// <summary>A remote application entity we may open associations to.</summary>
public sealed record DicomPeer(string AeTitle, string Host, int Port);
