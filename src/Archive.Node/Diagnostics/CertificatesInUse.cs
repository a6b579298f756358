using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Archive.Node.Options;
using Archive.Tls;

namespace Archive.Node.Diagnostics;

/// <summary>One certificate a node uses, by the setting that names its file: its own (it presents it) or a CA (it trusts it).</summary>
internal sealed record CertificateInUse(string Setting, X509Certificate2 Certificate, bool IsAuthority);

/// <summary>
/// The TLS certificates a node took at start (a new certificate takes a restart): its DICOM and gRPC certificates and
/// the CA certificates each trusts. The start-up checks and the expiry gauges read them, so an operator hears of a CA
/// about to expire as of the node's own certificate.
/// </summary>
internal static class CertificatesInUse
{
    public static IReadOnlyList<CertificateInUse> Of(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var found = new List<CertificateInUse>();
        var dicom = settings.Dicom.Tls;
        if (dicom.Enabled)
        {
            if (LoadFirst(dicom.CertificateFile) is { } own)
            {
                found.Add(new CertificateInUse("Dicom:Tls:CertificateFile", own, IsAuthority: false));
            }

            found.AddRange(Authorities("Dicom:Tls:TrustedCaFile", LoadAuthorities(dicom.TrustedCaFile)));
        }

        if (settings.Grpc.TlsCertificate is { } grpc)
        {
            found.Add(new CertificateInUse("Grpc:Tls:CertificateFile", grpc, IsAuthority: false));
        }

        found.AddRange(Authorities("Grpc:Tls:TrustedCaFile", settings.Grpc.TlsTrustedAuthorities));
        return found;
    }

    private static IEnumerable<CertificateInUse> Authorities(string setting, X509Certificate2Collection? authorities) =>
        authorities is null ? [] : authorities.Select(ca => new CertificateInUse(setting, ca, IsAuthority: true));

    /// <summary>The first certificate of a PEM file (the node's own; intermediates follow it); null when it cannot be read.</summary>
    private static X509Certificate2? LoadFirst(string file)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            return certificates.Count > 0 ? certificates[0] : null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null; // the node refused it at start already, naming it
        }
    }

    private static X509Certificate2Collection? LoadAuthorities(string file)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return null; // the system's trust store: the operating system keeps it
        }

        try
        {
            return PemFiles.LoadAuthorities(file);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or TlsMaterialException)
        {
            return null;
        }
    }
}
