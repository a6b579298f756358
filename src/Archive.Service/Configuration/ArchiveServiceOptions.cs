namespace Archive.Service.Configuration;

/// <summary>The archive's DICOM service: who may call, where objects spool, and the caps. Validated at start-up.</summary>
public sealed record ArchiveServiceOptions
{
    /// <summary>Our AE title.</summary>
    public string AeTitle { get; init; } = "ARCHIVE";

    /// <summary>Known remote AEs; unknown callers are rejected unless <see cref="AcceptUnknownCallers"/>.</summary>
    public IReadOnlyList<RemoteAe> RemoteAes { get; init; } = [];

    /// <summary>Development only: any caller may do anything, as site <see cref="UnknownCallerSite"/>.</summary>
    public bool AcceptUnknownCallers { get; init; }

    /// <summary>
    /// A registered AE title is accepted only from the address of its registered <see cref="RemoteAe.Host"/> (an AE
    /// registered without a host, from anywhere): the title alone no longer identifies the caller.
    /// </summary>
    public bool CheckCallingHost { get; init; }

    /// <summary>
    /// Development only: serve an association whatever AE title it calls. Otherwise a request calling another title than
    /// <see cref="AeTitle"/> is rejected (called AE title not recognized), so a PACS configured for another node or
    /// archive finds out at its first echo rather than storing into the wrong place.
    /// </summary>
    public bool AcceptAnyCalledAe { get; init; }

    /// <summary>Site recorded for objects from unknown callers (when accepted).</summary>
    public string UnknownCallerSite { get; init; } = "default";

    /// <summary>Unknown callers (when accepted) see every site's objects.</summary>
    public bool UnknownCallersSeeAllSites { get; init; } = true;

    /// <summary>Where received objects spool before they go to the grid (the fast disk).</summary>
    public string SpoolDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "archive-spool");

    /// <summary>Objects up to this size spool in memory (while <see cref="MemorySpoolBytes"/> has room); larger ones go to a spool file.</summary>
    public long MemorySpoolObjectBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Memory all in-flight C-STOREs of the node may spool in together.</summary>
    public long MemorySpoolBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest object accepted; a larger one gets 0xA700 and nothing is kept.</summary>
    public long MaxObjectBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most C-FIND matches returned; past it the query ends with 0xA700 and a comment asking to narrow it.</summary>
    public int MaxQueryResults { get; init; } = 10_000;

    /// <summary>Most instances one C-MOVE or C-GET may designate.</summary>
    public int MaxRetrieveInstances { get; init; } = 100_000;

    /// <summary>
    /// Our TLS certificate and the authorities peers must chain to: the TLS listener serves with it, and our
    /// associations to AEs configured for TLS use it. Null: no TLS.
    /// </summary>
    public Archive.Dicom.Network.Transport.DicomTls? Tls { get; init; }

    public void Validate()
    {
        var errors = Problems();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid archive service options: " + string.Join("; ", errors));
        }
    }

    /// <summary>What is wrong with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var errors = new List<string>();
        if (!Dicom.Network.Pdu.AeTitle.IsValid(AeTitle))
        {
            errors.Add($"AeTitle '{AeTitle}' is not an AE title: 1-16 printable ASCII characters, no backslash");
        }

        foreach (var ae in RemoteAes)
        {
            var problems = new[]
            {
                !Dicom.Network.Pdu.AeTitle.IsValid(ae.AeTitle) ? "its AeTitle must be 1-16 printable ASCII characters, no backslash" : null,
                ae.Port is < 0 or > 65535 ? $"Port {ae.Port} is not 0-65535" : null,
                !string.IsNullOrEmpty(ae.Host) && Uri.CheckHostName(ae.Host) == UriHostNameType.Unknown ? $"Host '{ae.Host}' is not a host name or IP address" : null,
                string.IsNullOrWhiteSpace(ae.Site) ? "it needs a Site" : null,
                ae.Tls && Tls is null ? "it is configured for TLS (Tls: true), and this node has no TLS certificate (Dicom:Tls)" : null,
            }.OfType<string>().ToArray();
            if (problems.Length > 0)
            {
                errors.Add($"remote AE '{ae.AeTitle}': {string.Join(", ", problems)}");
            }
        }

        if (RemoteAes.GroupBy(a => a.AeTitle.Trim(), StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            errors.Add("remote AE titles must be unique");
        }

        if (MaxObjectBytes <= 0 || MaxQueryResults <= 0 || MaxRetrieveInstances <= 0)
        {
            errors.Add("MaxObjectBytes, MaxQueryResults and MaxRetrieveInstances must be positive");
        }

        if (MemorySpoolObjectBytes < 0 || MemorySpoolBytes < 0)
        {
            errors.Add("MemorySpoolObjectBytes and MemorySpoolBytes must not be negative (0 spools every object to disk)");
        }

        return errors;
    }
}
