namespace Archive.Node.Options;

/// <summary>
/// The <c>Node</c> section of the configuration: who this node is, where its data lives and how it
/// is reached. Every key is documented in <c>archive-node.defaults.json</c>. Bound once at start,
/// then <see cref="NodeOptionsValidator"/> resolves defaults and checks it. Mutable only while binding.
/// </summary>
public sealed class NodeOptions
{
    public string Id { get; set; } = "node-1";

    public string Home { get; set; } = string.Empty;

    public List<string> DataDisks { get; set; } = [];

    public int DefaultDiskCount { get; set; } = 6;

    public string FastDirectory { get; set; } = string.Empty;

    public string GridMap { get; set; } = string.Empty;

    public string JoinFrom { get; set; } = string.Empty;

    public string GrpcUrl { get; set; } = "http://127.0.0.1:7100";

    public string HttpUrl { get; set; } = "http://127.0.0.1:7180";

    public string AdvertisedAddress { get; set; } = string.Empty;

    public string Site { get; set; } = "site-1";

    public string Rack { get; set; } = "rack-1";

    public string ClusterId { get; set; } = "local";

    public string ClusterSecret { get; set; } = string.Empty;

    public bool FormatBlankDisks { get; set; } = true;

    public SingleNodeMapOptions SingleNode { get; set; } = new();
}

/// <summary>The map a node generates for itself when its map file does not exist (single-node mode).</summary>
public sealed class SingleNodeMapOptions
{
    public bool GenerateMap { get; set; } = true;

    public string DefaultClass { get; set; } = "ec-4-2";

    public string SmallClass { get; set; } = "rep-3";

    public long SmallThresholdBytes { get; set; } = 64 * 1024;
}

/// <summary>
/// The <c>Dicom</c> section: the archive's DICOM listener and who may call it (see
/// docs/conformance.md). Mapped to the service's options by <see cref="Dicom.DicomSettings"/>.
/// </summary>
public sealed class DicomOptions
{
    public bool Enabled { get; set; } = true;

    public string AeTitle { get; set; } = "ARCHIVE";

    public string BindAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 11112;

    public bool AcceptAnyCallingAe { get; set; }

    /// <summary>A registered calling AE is accepted only from its registered Host's address.</summary>
    public bool CheckCallingHost { get; set; }

    /// <summary>Null: as <see cref="AcceptAnyCallingAe"/> (a development configuration is lenient on both titles).</summary>
    public bool? AcceptAnyCalledAe { get; set; }

    public string UnknownCallerSite { get; set; } = "default";

    public Dictionary<string, string> MoveDestinations { get; set; } = [];

    public List<RemoteAeOptions> RemoteAes { get; set; } = [];

    public long MaxObjectBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    public int MaxQueryResults { get; set; } = 10_000;

    public int MaxRetrieveInstances { get; set; } = 100_000;

    public int MaxAssociations { get; set; } = 64;

    /// <summary>Associations one calling AE may hold at once; 0: half of <see cref="MaxAssociations"/>.</summary>
    public int MaxAssociationsPerCallingAe { get; set; }

    public long MemorySpoolObjectBytes { get; set; } = 16L * 1024 * 1024;

    public long MemorySpoolBytes { get; set; } = 256L * 1024 * 1024;

    public long ReplicaCacheBytes { get; set; } = 1L << 30;

    public TimeSpan CommitmentGiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan CatalogQueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public DicomTlsOptions Tls { get; set; } = new();
}

/// <summary>The <c>Dicom:Tls</c> section: a second listener for TLS connections, and the certificate for ours.</summary>
public sealed class DicomTlsOptions
{
    public bool Enabled { get; set; }

    public int Port { get; set; } = 2762;

    public string CertificateFile { get; set; } = string.Empty;

    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Empty: the system's trust store.</summary>
    public string TrustedCaFile { get; set; } = string.Empty;

    public bool RequireClientCertificate { get; set; } = true;
}

/// <summary>One entry of <c>Dicom:RemoteAes</c>.</summary>
public sealed class RemoteAeOptions
{
    public string AeTitle { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; }

    public string Site { get; set; } = string.Empty;

    public string? IssuerOfPatientId { get; set; }

    /// <summary>
    /// Any of store, query, retrieve, commit; omitted: all four. Null by default, not the full list: the configuration
    /// binder appends a configured list to an initial one, which would grant every permission whatever is configured.
    /// </summary>
    public List<string>? Permissions { get; set; }

    public bool SeesAllSites { get; set; }

    public bool Tls { get; set; }
}

/// <summary>The <c>Grpc</c> section: chunking, deadlines and limits of the gRPC edge.</summary>
public sealed class GrpcSectionOptions
{
    public int ChunkBytes { get; set; } = 256 * 1024;

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxShardBytes { get; set; } = 256 * 1024 * 1024;

    public long MaxObjectBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    public GrpcTlsOptions Tls { get; set; } = new();
}

/// <summary>The <c>Grpc:Tls</c> section: the certificate served on an https gRPC URL, and the CA peers' must chain to.</summary>
public sealed class GrpcTlsOptions
{
    public string CertificateFile { get; set; } = string.Empty;

    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Empty: the system's trust store.</summary>
    public string TrustedCaFile { get; set; } = string.Empty;
}
