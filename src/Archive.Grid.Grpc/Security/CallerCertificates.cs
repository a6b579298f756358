using System.Security.Cryptography.X509Certificates;
using Archive.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Grpc.Security;

/// <summary>
/// The certificate a caller of an https gRPC edge shows. Nodes show theirs (<see cref="Client.PeerChannel"/>), and it
/// must chain to the grid's CAs and be valid now, as theirs must for us: a node whose certificate expired or comes
/// from another CA is then cut off both ways, not only from being called (sweep S: such a node, refused by every peer
/// it was called by, still wrote shards into the grid and acknowledged stores). A caller may show none: archivectl
/// and nodes of the previous version, which the cluster credentials authenticate as before. Refusals are logged at
/// most once a minute per subject. Thread-safe.
/// </summary>
public sealed partial class CallerCertificates(X509Certificate2Collection? authorities, TimeProvider time, ILogger<CallerCertificates> logger)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>TLS with <paramref name="certificate"/> on <paramref name="listen"/>, asking callers for a certificate and checking any they show.</summary>
    public void Serve(ListenOptions listen, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (shown, _, _) => Accepts(shown),
        });
    }

    /// <summary>True when <paramref name="shown"/> chains to our CAs (the system's trust store without them) and is valid now.</summary>
    public bool Accepts(X509Certificate2 shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        using var chain = new X509Chain { ChainPolicy = PeerTrust.ChainPolicy(authorities) ?? new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck } };
        if (chain.Build(shown))
        {
            return true;
        }

        var now = time.GetTimestamp();
        if (!_lastLogged.TryGetValue(shown.Thumbprint, out var last) || time.GetElapsedTime(last, now) >= LogEvery)
        {
            _lastLogged[shown.Thumbprint] = now; // per certificate: a grid's nodes may share one subject (sweep W3)
            var reason = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).FirstOrDefault(s => s.Length > 0) ?? "it does not chain to a trusted CA";
            LogRefused(shown.Subject, shown.NotAfter.ToUniversalTime(), reason);
        }

        return false;
    }

    [LoggerMessage(EventId = 2820, Level = LogLevel.Warning, Message = "Refused a gRPC caller's TLS certificate {Subject} (valid until {NotAfter:u}): {Reason}; a node showing it is cut off from this one. Logged at most once a minute per certificate")]
    private partial void LogRefused(string subject, DateTime notAfter, string reason);
}
