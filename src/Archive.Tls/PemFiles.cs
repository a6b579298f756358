using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Tls;

/// <summary>
/// Certificates and keys from the PEM files an operator configures (the DICOM listener, the gRPC edge, archivectl).
/// A file that cannot be used throws <see cref="TlsMaterialException"/> naming it, so a mistake is reported at start
/// in words rather than as a failed handshake later.
/// </summary>
public static class PemFiles
{
    /// <summary>
    /// Our certificate with its private key (PKCS#8 or PKCS#1, unencrypted), and the CA certificates that follow it in
    /// <paramref name="certificateFile"/> (intermediates, sent along with it).
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Intermediates) LoadCertificate(string certificateFile, string keyFile)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            var intermediates = new X509Certificate2Collection();
            intermediates.ImportFromPemFile(certificateFile);
            intermediates.RemoveAt(0); // the first is ours
            return (certificate, intermediates);
        }
        catch (Exception e) when (IsUnusableFile(e))
        {
            throw new TlsMaterialException($"cannot load the certificate '{certificateFile}' with the key '{keyFile}': {e.Message}", e);
        }
    }

    /// <summary>The CA certificates in <paramref name="caFile"/>; a file without one is refused (it would trust no peer).</summary>
    public static X509Certificate2Collection LoadAuthorities(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (IsUnusableFile(e))
        {
            throw new TlsMaterialException($"cannot load the trusted CA file '{caFile}': {e.Message}", e);
        }

        return authorities.Count == 0
            ? throw new TlsMaterialException($"the trusted CA file '{caFile}' holds no certificate")
            : authorities;
    }

    private static bool IsUnusableFile(Exception e) =>
        e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException;
}
