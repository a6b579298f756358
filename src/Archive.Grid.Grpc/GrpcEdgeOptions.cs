namespace Archive.Grid.Grpc;

/// <summary>
/// How this node talks gRPC to its peers and admits their calls. Immutable; checked by
/// <see cref="Validate"/> at start-up.
/// </summary>
public sealed record GrpcEdgeOptions
{
    /// <summary>The grid's cluster id: callers must present it (and the secret) in <c>archive-cluster</c>.</summary>
    public required string ClusterId { get; init; }

    /// <summary>Shared secret token of the cluster; compared in constant time, never logged.</summary>
    public required string ClusterSecret { get; init; }

    /// <summary>Bytes per streamed chunk of shard and object payloads (default 256 KiB).</summary>
    public int ChunkBytes { get; init; } = 256 * 1024;

    /// <summary>Deadline of one unary or streaming call when the caller gives none shorter (default 30 s).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a TCP connect to a peer may take before the peer counts as unreachable (default 2 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest shard a peer may put or read in one call (default 256 MiB): bounds the buffer a header can ask for.</summary>
    public int MaxShardBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>Largest object the admin PutObject accepts (default 4 GiB).</summary>
    public long MaxObjectBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Directory where PutObject spools incoming objects before the grid writer reads them.</summary>
    public required string SpoolDirectory { get; init; }

    /// <summary>
    /// Our certificate (with its key) when we serve gRPC over TLS (an https URL): peers and archivectl then talk to us
    /// encrypted, and can tell us from an impostor. Null: h2c in the clear, for a grid inside one trusted network.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>The CAs a peer's certificate must chain to when we call it over https; null: the system's trust store.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TlsTrustedAuthorities { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (Security.ClusterIdentity.Problem(ClusterId, ClusterSecret) is { } problem)
        {
            throw new ArgumentException(char.ToUpperInvariant(problem[0]) + problem[1..] + ".", problem.Contains("secret", StringComparison.Ordinal) ? nameof(ClusterSecret) : nameof(ClusterId));
        }

        if (ChunkBytes is < 4096 or > 1024 * 1024 || MaxShardBytes < ChunkBytes || MaxObjectBytes <= 0)
        {
            throw new ArgumentException("ChunkBytes must be 4 KiB..1 MiB, MaxShardBytes ≥ ChunkBytes, MaxObjectBytes > 0.", nameof(ChunkBytes));
        }

        if (CallTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Call and connect timeouts must be positive.", nameof(CallTimeout));
        }

        if (string.IsNullOrWhiteSpace(SpoolDirectory))
        {
            throw new ArgumentException("A spool directory is required.", nameof(SpoolDirectory));
        }
    }
}
