using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// Who is calling, as the transport knows it: the address it called from and, over TLS, the certificate it showed
/// (already checked against the trusted CAs). What an association policy may hold a calling AE title against.
/// </summary>
public sealed record CallingPeer(IPEndPoint? Address, X509Certificate2? Certificate)
{
    /// <summary>A caller the transport tells nothing about (in-memory pipes, tests).</summary>
    public static readonly CallingPeer Unknown = new(null, null);
}
