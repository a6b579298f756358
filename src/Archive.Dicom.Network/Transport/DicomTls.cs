using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Archive.Tls;

namespace Archive.Dicom.Network.Transport;

/// <summary>
/// TLS for DICOM connections, as PS3.15 Annex B's BCP 195 profiles ask: TLS 1.2 or 1.3 only, both sides
/// authenticated by certificates. The peer's certificate must chain to <see cref="TrustedAuthorities"/> (the
/// hospitals' or the region's CA; the system's trust store when none is given); a server's must also name the host
/// we called (see <see cref="PeerTrust"/>; revocation is not checked). Immutable (a record for <c>with</c>); thread-safe.
/// </summary>
public sealed record DicomTls
{
    private static readonly SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <param name="certificate">Our certificate, with its private key: shown to callers, and to the peers we call.</param>
    /// <param name="trustedAuthorities">The CAs a peer's certificate must chain to; null: the system's trust store.</param>
    /// <param name="intermediates">CA certificates between ours and its root, sent along with it.</param>
    public DicomTls(X509Certificate2 certificate, X509Certificate2Collection? trustedAuthorities = null, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"the certificate '{certificate.Subject}' has no private key", nameof(certificate));
        }

        Certificate = certificate;
        TrustedAuthorities = trustedAuthorities;
        _context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    private readonly SslStreamCertificateContext _context;

    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection? TrustedAuthorities { get; }

    /// <summary>
    /// As a server: callers must show a certificate (mutual TLS, IHE ATNA's node authentication). Default true. When false
    /// a caller may show none; one it shows must still be trusted.
    /// </summary>
    public bool RequireClientCertificate { get; init; } = true;

    /// <summary>Longest a handshake may take; a peer that connects and stalls is closed after it.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Loads PEM files: our certificate (with any intermediates after it), its private key and, when given, the CA
    /// bundle peers must chain to. Throws <see cref="TlsMaterialException"/> naming the file that cannot be used.
    /// </summary>
    public static DicomTls FromPemFiles(string certificateFile, string keyFile, string? trustedCaFile)
    {
        var (certificate, intermediates) = PemFiles.LoadCertificate(certificateFile, keyFile);
        var authorities = string.IsNullOrEmpty(trustedCaFile) ? null : PemFiles.LoadAuthorities(trustedCaFile);
        return new DicomTls(certificate, authorities, intermediates);
    }

    internal SslServerAuthenticationOptions ServerOptions(TlsVerdict verdict) => new()
    {
        ServerCertificateContext = _context,
        // Always asked for, even when not required: a caller sends its certificate only when asked, and without it a
        // registered AE's certificate is never seen (Dicom:CheckCallingHost refused it, sweep H-1) nor checked. One shown
        // is judged as when required; only its absence is forgiven.
        ClientCertificateRequired = true,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        CertificateChainPolicy = PeerTrust.ChainPolicy(TrustedAuthorities),
        RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            verdict.Judge(!RequireClientCertificate && errors == SslPolicyErrors.RemoteCertificateNotAvailable ? SslPolicyErrors.None : errors, chain, "the caller", TlsVerdict.ClientAuthentication)
            && verdict.JudgeClientKeyUsage(certificate),
    };

    internal SslClientAuthenticationOptions ClientOptions(string host, TlsVerdict verdict) => new()
    {
        TargetHost = host,
        ClientCertificateContext = _context,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        CertificateChainPolicy = PeerTrust.ChainPolicy(TrustedAuthorities),
        RemoteCertificateValidationCallback = (_, _, chain, errors) => verdict.Judge(errors, chain, host, TlsVerdict.ServerAuthentication),
    };
}

/// <summary>
/// Why we refused a peer's certificate, in words an operator can act on: the TLS stack only says that the validation
/// callback refused it.
/// </summary>
internal sealed class TlsVerdict
{
    /// <summary>id-kp-clientAuth: what a caller's certificate is for.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>id-kp-serverAuth: what a called peer's certificate is for.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Null until a certificate was refused.</summary>
    public string? Refusal { get; private set; }

    /// <param name="purpose">The extended key usage the peer's certificate must allow (OID).</param>
    public bool Judge(SslPolicyErrors errors, X509Chain? chain, string peer, string purpose)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add($"{peer} showed no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"the certificate does not name {peer}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && chain?.ChainElements is [var leaf, ..] && WrongPurpose(leaf.Certificate, purpose) is { } usages)
        {
            // The chain check reports this as "invalid policy" (sweep S-3).
            var wanted = purpose == ClientAuthentication ? "TLS client authentication" : "TLS server authentication";
            reasons.Add($"the certificate of {peer} is not for {wanted}: its extended key usage allows only {usages}");
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus.Select(s => s.StatusInformation.Trim()).FirstOrDefault(s => s.Length > 0);
            reasons.Add($"the certificate of {peer} is not trusted ({status ?? "it does not chain to a trusted CA"})");
        }

        Refusal = string.Join("; ", reasons);
        return false;
    }

    /// <summary>The usages <paramref name="certificate"/>'s extended key usage lists, when it names some and not <paramref name="purpose"/>; null otherwise.</summary>
    private static string? WrongPurpose(X509Certificate2 certificate, string purpose)
    {
        const string AnyPurpose = "2.5.29.37.0";
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } extension)
        {
            return null;
        }

        var usages = extension.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().ToArray();
        return usages.Length == 0 || usages.Any(u => u.Value is AnyPurpose || u.Value == purpose)
            ? null
            : string.Join(", ", usages.Select(u => string.IsNullOrEmpty(u.FriendlyName) ? u.Value : u.FriendlyName));
    }

    /// <summary>
    /// A caller's certificate must allow its key to sign, as TLS client authentication does (RFC 5280 4.2.1.3: a key
    /// usage extension, when present, limits the key to what it lists). The chain check covers the extended key usage
    /// (client authentication) but not this. No certificate (allowed when none is required) passes.
    /// </summary>
    public bool JudgeClientKeyUsage(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return true;
        }

        using var loaded = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var usage = (loaded ?? (X509Certificate2)certificate).Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is null || usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return true;
        }

        Refusal = $"the certificate of the caller may not sign (its key usage is {usage.KeyUsages}): it is not a TLS client certificate";
        return false;
    }
}
