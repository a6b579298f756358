using System.Security.Cryptography.X509Certificates;

namespace Archive.Tls;

/// <summary>
/// How a peer's certificate is checked, the same for DICOM and for gRPC between nodes: it must chain to the
/// configured CAs (the hospitals' or the region's), or to the system's trust store when none are configured.
/// Revocation is not checked: hospital and grid networks seldom reach a CRL or OCSP responder, and a failed check
/// would stop every connection (retire a key by re-issuing the CA instead).
/// </summary>
public static class PeerTrust
{
    /// <summary>The chain policy for <paramref name="authorities"/>; null (the platform's default chain building) without them.</summary>
    public static X509ChainPolicy? ChainPolicy(X509Certificate2Collection? authorities)
    {
        if (authorities is null)
        {
            return null;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }
}
