using Archive.Catalog.Query;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Scp;

namespace Archive.Service.Configuration;

/// <summary>
/// The configured remote AEs: who may call and do what, the site and issuer their objects get,
/// and where C-MOVE destinations and commitment requestors listen. Immutable; thread-safe.
/// </summary>
public sealed class AeRegistry : IDicomPeerResolver
{
    private readonly Dictionary<string, RemoteAe> _byTitle;
    private readonly ArchiveServiceOptions _options;
    private readonly CallingHosts _hosts;

    public AeRegistry(ArchiveServiceOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _hosts = new CallingHosts(time ?? TimeProvider.System);
        _byTitle = options.RemoteAes.ToDictionary(a => a.AeTitle.Trim(), StringComparer.Ordinal);
    }

    /// <summary>The caller as configured; for an unknown title, a development stand-in when allowed, else null.</summary>
    public RemoteAe? Caller(string callingAeTitle)
    {
        var title = callingAeTitle.Trim();
        if (_byTitle.TryGetValue(title, out var ae))
        {
            return ae;
        }

        return _options.AcceptUnknownCallers
            ? new RemoteAe(title, string.Empty, 0, _options.UnknownCallerSite, null, AePermissions.All, _options.UnknownCallersSeeAllSites)
            : null;
    }

    /// <summary>
    /// Null when <paramref name="callingAeTitle"/> may open an association over this transport
    /// (<paramref name="overTls"/>) as <paramref name="caller"/>, else why not: unknown, configured for TLS and calling in
    /// the clear, or (<see cref="ArchiveServiceOptions.CheckCallingHost"/>) calling from another address than its host's,
    /// or over TLS with a certificate that does not name its host.
    /// </summary>
    public string? WhyRefused(string callingAeTitle, bool overTls, CallingPeer? caller = null) => Caller(callingAeTitle) switch
    {
        null => "calling AE not recognized",
        { Tls: true } when !overTls => "calling AE is configured for TLS and called in the clear",
        { } ae when _options.CheckCallingHost && caller?.Address is { } from && !_hosts.Matches(ae.Host, from.Address) => $"calling AE is registered at host {ae.Host}, not at the address it called from",
        { } ae when _options.CheckCallingHost && caller?.Certificate is { } certificate && !CallingHosts.Names(certificate, ae.Host) => $"calling AE is registered at host {ae.Host}, and its TLS certificate ({certificate.Subject}) does not name it",
        { } ae when _options.CheckCallingHost && overTls && caller is { Certificate: null } && !string.IsNullOrWhiteSpace(ae.Host) => $"calling AE is registered at host {ae.Host}, and showed no TLS certificate naming it",
        _ => null,
    };

    /// <summary>True when the caller may do <paramref name="permission"/>.</summary>
    public bool Allows(string callingAeTitle, AePermissions permission) => Caller(callingAeTitle) is { } ae && ae.Permissions.HasFlag(permission);

    /// <summary>The query scope of a caller (its site, or all sites when it may see them).</summary>
    public QueryScope ScopeOf(string callingAeTitle) =>
        Caller(callingAeTitle) is { } ae ? new QueryScope(ae.Site, ae.SeesAllSites) : new QueryScope(string.Empty, false);

    /// <inheritdoc />
    public DicomPeer? Resolve(string aeTitle) =>
        _byTitle.TryGetValue(aeTitle.Trim(), out var ae) && ae.Port > 0 ? new DicomPeer(ae.AeTitle, ae.Host, ae.Port, ae.Tls) : null;
}
