using System.Runtime.InteropServices;
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

        if (settings.Dicom.Tls.Enabled)
        {
            CheckKeyFile(settings.Dicom.Tls.KeyFile, logger);
        }

        if (settings.GrpcTlsKeyFile is { } grpcKey)
        {
            CheckKeyFile(grpcKey, logger);
        }

        var now = time.GetUtcNow();
        foreach (var inUse in CertificatesInUse.Of(settings))
        {
            CheckExpiry(inUse, now, logger);
        }
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

    private static void CheckExpiry(CertificateInUse inUse, DateTimeOffset now, ILogger logger)
    {
        var (setting, certificate) = (inUse.Setting, inUse.Certificate);
        var (notBefore, notAfter) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        if (notAfter <= now.UtcDateTime || notBefore > now.UtcDateTime)
        {
            if (inUse.IsAuthority)
            {
                logger.AuthorityNotValid(setting, certificate.Subject, notBefore, notAfter);
            }
            else
            {
                logger.CertificateNotValid(setting, certificate.Subject, notBefore, notAfter);
            }
        }
        else if (notAfter - now.UtcDateTime < ExpiryNotice)
        {
            if (inUse.IsAuthority)
            {
                logger.AuthorityExpiresSoon(setting, certificate.Subject, notAfter);
            }
            else
            {
                logger.CertificateExpiresSoon(setting, certificate.Subject, notAfter);
            }
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host, out var address) && System.Net.IPAddress.IsLoopback(address)));

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial int Umask(int mask);
}
