namespace Archive.Dicom.Network.Scp;

/// <summary>A remote application entity we may open associations to; <paramref name="Tls"/>: it listens for TLS connections.</summary>
public sealed record DicomPeer(string AeTitle, string Host, int Port, bool Tls = false);
