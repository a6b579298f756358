using System.Globalization;
using Archive.Dicom.Network.Transport;
using Archive.Node.Options;
using Archive.Service.Configuration;
using Archive.Tls;

namespace Archive.Node.Dicom;

/// <summary>Maps the node's <c>Dicom</c> section onto the archive service's options (one place).</summary>
public static class DicomSettings
{
    public static ArchiveServiceOptions ToServiceOptions(DicomOptions dicom, string fastDirectory)
    {
        var options = Map(dicom, fastDirectory);
        options.Validate();
        return options;
    }

    /// <summary>What is wrong with the section, one sentence each; empty when the listener can start from it.</summary>
    public static IReadOnlyList<string> Problems(DicomOptions dicom, string fastDirectory)
    {
        try
        {
            return Map(dicom, fastDirectory).Problems();
        }
        catch (Exception e) when (e is ArgumentException or TlsMaterialException)
        {
            return [e.Message];
        }
    }

    private static ArchiveServiceOptions Map(DicomOptions dicom, string fastDirectory)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        var remotes = dicom.RemoteAes.Select(r => new RemoteAe(r.AeTitle.Trim(), r.Host, r.Port, r.Site, r.IssuerOfPatientId, ParsePermissions(r.AeTitle, r.Permissions), r.SeesAllSites, r.Tls)).ToList();
        foreach (var (title, address) in dicom.MoveDestinations)
        {
            var colon = address.LastIndexOf(':');
            var port = colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
            if (port is < 0 or > 65535)
            {
                throw new ArgumentException($"MoveDestinations:{title} is '{address}': host:port expected, such as 10.1.2.3:104");
            }

            var host = address[..colon];
            if (remotes.FirstOrDefault(r => r.AeTitle == title.Trim()) is { } registered)
            {
                // The registry wins for moves: a destination saying otherwise would be ignored without a word (sweep C2).
                if (!string.Equals(registered.Host, host, StringComparison.OrdinalIgnoreCase) || registered.Port != port)
                {
                    throw new ArgumentException($"MoveDestinations:{title} is '{address}', but RemoteAes lists {title.Trim()} at {registered.Host}:{registered.Port}: keep one of them");
                }

                continue;
            }

            // A destination only, unless any caller may do anything (the development set-up): there a PACS named only as a
            // destination keeps the rights it would have had unnamed (sweep O2: tools/local-grid --ae could move to
            // Orthanc, which could then neither store nor query).
            remotes.Add(dicom.AcceptAnyCallingAe
                ? new RemoteAe(title.Trim(), host, port, dicom.UnknownCallerSite, null, AePermissions.All, SeesAllSites: true)
                : new RemoteAe(title.Trim(), host, port, dicom.UnknownCallerSite, null, AePermissions.None));
        }

        return new ArchiveServiceOptions
        {
            AeTitle = dicom.AeTitle,
            RemoteAes = remotes,
            AcceptUnknownCallers = dicom.AcceptAnyCallingAe,
            CheckCallingHost = dicom.CheckCallingHost,
            AcceptAnyCalledAe = dicom.AcceptAnyCalledAe ?? dicom.AcceptAnyCallingAe,
            UnknownCallerSite = dicom.UnknownCallerSite,
            SpoolDirectory = Path.Combine(fastDirectory, "dicom-spool"),
            MaxObjectBytes = dicom.MaxObjectBytes,
            MemorySpoolObjectBytes = dicom.MemorySpoolObjectBytes,
            MemorySpoolBytes = dicom.MemorySpoolBytes,
            MaxQueryResults = dicom.MaxQueryResults,
            MaxRetrieveInstances = dicom.MaxRetrieveInstances,
            Tls = LoadTls(dicom.Tls),
        };
    }

    /// <summary>The TLS certificate when the TLS listener is enabled (the loader made its paths absolute).</summary>
    private static DicomTls? LoadTls(DicomTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(tls.CertificateFile) || string.IsNullOrWhiteSpace(tls.KeyFile))
        {
            throw new ArgumentException("Dicom:Tls:Enabled needs Dicom:Tls:CertificateFile and Dicom:Tls:KeyFile (PEM)");
        }

        if (tls.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Dicom:Tls:Port {tls.Port} is not 0-65535");
        }

        return DicomTls.FromPemFiles(tls.CertificateFile, tls.KeyFile, string.IsNullOrWhiteSpace(tls.TrustedCaFile) ? null : tls.TrustedCaFile)
            with { RequireClientCertificate = tls.RequireClientCertificate };
    }

    private static AePermissions ParsePermissions(string title, IEnumerable<string>? names) =>
        names is null ? AePermissions.All : names.Aggregate(AePermissions.None, (all, name) => all | name.Trim().ToLowerInvariant() switch
        {
            "store" => AePermissions.Store,
            "query" => AePermissions.Query,
            "retrieve" => AePermissions.Retrieve,
            "commit" => AePermissions.Commit,
            _ => throw new ArgumentException($"remote AE '{title}': unknown permission '{name}' (store, query, retrieve, commit)"),
        });
}
