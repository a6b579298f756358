namespace Archive.Service.Configuration;

/// <summary>
/// A PACS or modality the archive knows: where it listens (for C-MOVE and late storage
/// commitment reports), which hospital it belongs to, the issuer of its patient ids and what it may do.
/// </summary>
/// <param name="Site">The hospital (site); queries are scoped to it unless <see cref="SeesAllSites"/>.</param>
/// <param name="IssuerOfPatientId">Filled into the catalog for objects whose header has none.</param>
/// <param name="Tls">
/// It talks TLS: its associations are accepted only on the TLS listener, and ours to it (C-MOVE, commitment reports)
/// go over TLS.
/// </param>
public sealed record RemoteAe(
    string AeTitle,
    string Host,
    int Port,
    string Site,
    string? IssuerOfPatientId,
    AePermissions Permissions,
    bool SeesAllSites = false,
    bool Tls = false);

/// <summary>What a calling AE may do. Persisted in configuration by name.</summary>
[Flags]
public enum AePermissions
{
    None = 0,
    Store = 1,
    Query = 2,
    Retrieve = 4,
    Commit = 8,
    All = Store | Query | Retrieve | Commit,
}
