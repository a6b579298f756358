namespace Archive.Tools.LocalGrid;

/// <summary>How to lay out a local grid. Immutable.</summary>
public sealed record LocalGridOptions
{
    /// <summary>Number of nodes (each its own process, ports and data directories).</summary>
    public int Nodes { get; init; } = 6;

    /// <summary>Default storage class of the generated map.</summary>
    public string StorageClass { get; init; } = "ec-4-2";

    /// <summary>Class for objects under <see cref="SmallThresholdBytes"/>; "none" for no small-object class.</summary>
    public string SmallClass { get; init; } = "rep-3";

    public long SmallThresholdBytes { get; init; } = 64 * 1024;

    /// <summary>Data disk directories per node.</summary>
    public int DisksPerNode { get; init; } = 2;

    /// <summary>Where every node's home, logs and the grid state live.</summary>
    public required string Directory { get; init; }

    /// <summary>C-MOVE destinations registered on every node: AE title → host:port.</summary>
    public IReadOnlyDictionary<string, string> MoveDestinations { get; init; } = new Dictionary<string, string>();

    public string ClusterId { get; init; } = "local";

    public string ClusterSecret { get; init; } = "local-grid-secret";

    /// <summary>The archive-node executable.</summary>
    public required string NodeBinary { get; init; }

    /// <summary>Extra configuration keys for every node ("Membership:HeartbeatInterval" → "00:00:00.250").</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The first of the grid's ports, three per node in order (gRPC, HTTP, DICOM: node-1 takes P..P+2, node-2 P+3..P+5);
    /// null: free ports picked at random below the ephemeral range.
    /// </summary>
    public int? BasePort { get; init; }

    /// <summary>gRPC over TLS with these PEM files (every node serves the same certificate, for 127.0.0.1); null: h2c.</summary>
    public LocalGridTls? Tls { get; init; }

    /// <summary>
    /// The address node <c>from</c> uses for node <c>to</c> (default: its gRPC URL). A test may route
    /// through a fault-injecting proxy; each node gets its own copy of the map with these addresses.
    /// </summary>
    public Func<LocalNodeSpec, LocalNodeSpec, string>? AddressFor { get; init; }
}

/// <summary>A certificate for 127.0.0.1 with its key, and the CA it chains to (PEM files).</summary>
public sealed record LocalGridTls(string CertificateFile, string KeyFile, string CaFile);
