using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Archive.Service.Configuration;

/// <summary>
/// Whether a caller's address (and TLS certificate) is the host its AE title is registered at (<see cref="ArchiveServiceOptions.CheckCallingHost"/>):
/// an IP address is compared as it is, a host name by what it resolves to (kept a minute, so a busy PACS does not cost
/// a DNS lookup per association, and a renumbered one is known again soon). Thread-safe.
/// </summary>
internal sealed class CallingHosts(TimeProvider time)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (IPAddress[] Addresses, DateTimeOffset Until)> _resolved = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="address"/> is one of <paramref name="host"/>'s; a host left empty matches any address.</summary>
    public bool Matches(string host, IPAddress address)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return true;
        }

        var caller = Plain(address);
        return IPAddress.TryParse(host, out var literal) ? Plain(literal).Equals(caller) : Resolve(host).Any(a => Plain(a).Equals(caller));
    }

    /// <summary>True when <paramref name="certificate"/> names <paramref name="host"/> (a DNS or IP subject alternative name, or its common name); a host left empty is named by any.</summary>
    public static bool Names(X509Certificate2 certificate, string host) =>
        string.IsNullOrWhiteSpace(host) || certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: true);

    private IPAddress[] Resolve(string host)
    {
        var now = time.GetUtcNow();
        if (_resolved.TryGetValue(host, out var known) && known.Until > now)
        {
            return known.Addresses;
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            addresses = []; // unknown name: nobody calls from it (asked again after a minute)
        }

        _resolved[host] = (addresses, now + Keep);
        return addresses;
    }

    /// <summary>An IPv4 caller seen through a dual-stack socket (::ffff:10.1.2.3) is 10.1.2.3.</summary>
    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
