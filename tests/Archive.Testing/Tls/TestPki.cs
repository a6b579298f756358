using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Testing.Tls;

/// <summary>
/// A throw-away certificate authority for TLS tests, written as PEM files dcmtk reads too (<c>+tls key cert</c>,
/// <c>+cf ca</c>): certificates for 127.0.0.1 and localhost, ECDSA P-256 keys (made in microseconds: RSA keys took
/// seconds on a loaded CI machine, long enough to stall timing-sensitive tests running beside them).
/// </summary>
public sealed class TestPki
{
    private readonly X509Certificate2 _ca;
    private readonly ECDsa _caKey;

    private TestPki(string directory, string name)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaFile = Path.Combine(directory, $"{name}-ca.pem");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem() + "\n");
    }

    public string Directory { get; }

    /// <summary>The CA certificate (PEM): what peers must chain to.</summary>
    public string CaFile { get; }

    /// <summary>A new authority under <paramref name="directory"/>, its files named after <paramref name="name"/>.</summary>
    public static TestPki Create(string directory, string name = "test") => new(directory, name);

    /// <summary>The CA certificate, for in-process trust.</summary>
    public X509Certificate2Collection Authorities() => [X509CertificateLoader.LoadCertificate(_ca.RawData)];

    /// <summary>TLS server authentication (id-kp-serverAuth).</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>TLS client authentication (id-kp-clientAuth).</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>A certificate for <paramref name="commonName"/> (valid for 127.0.0.1 and localhost, server and client use), its PEM files and the loaded certificate with its key.</summary>
    public Issued Issue(string commonName) => Issue(commonName, [ServerAuth, ClientAuth]);

    /// <summary>As <see cref="Issue(string)"/>, for the extended key usages <paramref name="purposes"/> only (OIDs) and the key usages <paramref name="keyUsage"/>.</summary>
    public Issued Issue(string commonName, string[] purposes, X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256); // not disposed: the certificate keeps using it
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection().With(purposes), false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        var withKey = issued.CopyWithPrivateKey(key);
        var certificateFile = Path.Combine(Directory, $"{commonName}.crt.pem");
        var keyFile = Path.Combine(Directory, $"{commonName}.key.pem");
        File.WriteAllText(certificateFile, withKey.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new Issued(withKey, certificateFile, keyFile);
    }

    /// <summary>An issued certificate: loaded with its key, and as PEM files.</summary>
    public sealed record Issued(X509Certificate2 Certificate, string CertificateFile, string KeyFile);
}

file static class OidCollections
{
    public static OidCollection With(this OidCollection collection, string[] oids)
    {
        foreach (var oid in oids)
        {
            collection.Add(new Oid(oid));
        }

        return collection;
    }
}
