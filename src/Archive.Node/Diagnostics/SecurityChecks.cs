using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Archive.Node.Options;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Diagnostics;

/// <summary>
/// What a node checks of its own security at start, beyond the mistakes that stop it (a missing key, a key that does
/// not match): the files it writes hold patient data and are kept from other users, and the mistakes an administrator
/// can make without noticing are logged as warnings.
/// </summary>
internal static partial class SecurityChecks
{
    /// <summary>The published development secret (archive-node.defaults.json).</summary>
    private const string DevelopmentSecret = "local-dev-secret";

    private static readonly TimeSpan ExpiryNotice = TimeSpan.FromDays(30);

    /// <summary>
    /// Segments, the replica cache, the catalog and the audit trail hold images and patient names: whatever umask the
    /// node was started with, other users get no access to what it creates (its group may read, as a backup agent would).
    /// </summary>
    public static void RestrictFileModes()
    {
        if (OperatingSystem.IsLinux())
        {
            const int NoWriteForGroupNothingForOthers = 0x17; // 027 in octal
            var current = Umask(NoWriteForGroupNothingForOthers);
            Umask(current | NoWriteForGroupNothingForOthers);
        }
    }

    /// <summary>Logs a warning for each mistake found; never stops the node.</summary>
    public static void Warn(NodeSettings settings, ILogger logger, TimeProvider time)
    {
        if (settings.Grpc.ClusterSecret == DevelopmentSecret && !IsLoopback(settings.GrpcUrl))
        {
            logger.DevelopmentSecretExposed(settings.GrpcUrl);
        }

        var now = time.GetUtcNow();
        if (settings.Dicom.Tls.Enabled)
        {
            CheckKeyFile(settings.Dicom.Tls.KeyFile, logger);
            CheckExpiry("Dicom:Tls:CertificateFile", LoadCertificate(settings.Dicom.Tls.CertificateFile), now, logger);
        }

        if (settings.GrpcTlsKeyFile is { } grpcKey)
        {
            CheckKeyFile(grpcKey, logger);
        }

        CheckExpiry("Grpc:Tls:CertificateFile", settings.Grpc.TlsCertificate, now, logger);
    }

    private static void CheckKeyFile(string keyFile, ILogger logger)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(keyFile))
        {
            return;
        }

        var mode = File.GetUnixFileMode(keyFile);
        if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)) != 0)
        {
            logger.KeyFileReadable(keyFile, Convert.ToString((int)mode, 8));
        }
    }

    private static void CheckExpiry(string setting, X509Certificate2? certificate, DateTimeOffset now, ILogger logger)
    {
        if (certificate is null)
        {
            return;
        }

        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            logger.CertificateNotValid(setting, certificate.Subject, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        }
        else if (certificate.NotAfter.ToUniversalTime() - now.UtcDateTime < ExpiryNotice)
        {
            logger.CertificateExpiresSoon(setting, certificate.Subject, certificate.NotAfter.ToUniversalTime());
        }
    }

    private static X509Certificate2? LoadCertificate(string file)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            return certificates.Count > 0 ? certificates[0] : null; // the first is the node's own
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null; // the node refused it at start already, naming it
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host, out var address) && System.Net.IPAddress.IsLoopback(address)));

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial int Umask(int mask);
}
