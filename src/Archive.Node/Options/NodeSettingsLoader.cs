using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Archive.Grid.Grpc;
using Archive.Grid.Membership;
using Archive.Grid.Reading;
using Archive.Grid.Writing;
using Archive.Storage.GroupCommit;
using Archive.Tls;
using Microsoft.Extensions.Configuration;

namespace Archive.Node.Options;

/// <summary>
/// Builds the node's configuration (embedded <c>archive-node.defaults.json</c>, then an optional
/// <c>--config</c> file, then <c>ARCHIVE_</c> environment variables, then command-line overrides)
/// and turns it into validated <see cref="NodeSettings"/>, listing every problem at once.
/// Pure apart from reading the files and environment it is given.
/// </summary>
public static partial class NodeSettingsLoader
{
    /// <summary>Short command-line switches for the most used keys.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--config"] = "Config",
        ["--id"] = "Node:Id",
        ["--home"] = "Node:Home",
        ["--map"] = "Node:GridMap",
        ["--join"] = "Node:JoinFrom",
        ["--grpc"] = "Node:GrpcUrl",
        ["--http"] = "Node:HttpUrl",
        ["--cluster"] = "Node:ClusterId",
        ["--secret"] = "Node:ClusterSecret",
    };

    /// <summary>The layered configuration for <paramref name="args"/> (without the sub-command).</summary>
    public static IConfigurationRoot Build(string[] args, Func<string, string?> environment)
    {
        using var defaults = typeof(NodeSettingsLoader).Assembly.GetManifestResourceStream("archive-node.defaults.json")
            ?? throw new InvalidOperationException("the embedded defaults file is missing from the build");
        var defaultsCopy = new MemoryStream();
        defaults.CopyTo(defaultsCopy);
        var defaultsBytes = defaultsCopy.ToArray();
        var sections = new ConfigurationBuilder().AddJsonStream(new MemoryStream(defaultsBytes)).Build().GetChildren().Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (UnknownOptions(args, sections) is { Count: > 0 } unknown)
        {
            throw new NodeConfigurationException(unknown);
        }

        var first = new ConfigurationBuilder().AddCommandLine(args, SwitchMappings.ToDictionary()).Build();
        var builder = new ConfigurationBuilder().AddJsonStream(new MemoryStream(defaultsBytes));
        if (first["Config"] is { Length: > 0 } configFile)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables("ARCHIVE_");
        builder.AddCommandLine(args, SwitchMappings.ToDictionary());
        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            // The --config file is missing, or is not JSON (the parser's reason names the line).
            throw new NodeConfigurationException([$"--config: {e.Message}{(e.InnerException is null ? string.Empty : " " + e.GetBaseException().Message)}"]);
        }

        if (first["Config"] is { Length: > 0 } file
            && new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false).Build().GetChildren()
                .Select(c => c.Key).Where(k => !sections.Contains(k)).ToArray() is { Length: > 0 } strangers)
        {
            // Sweep C2: {"Dicomm": {...}} started a node on the defaults of the section meant. The file is read a second time
            // on its own: chained into the layers instead, a list given empty ("Permissions": []) no longer shows as present.
            throw new NodeConfigurationException(strangers.Select(k => $"--config: unknown section '{k}' (the sections are {string.Join(", ", sections)})").ToList());
        }

        if (string.IsNullOrEmpty(root["Node:Home"]) && environment("ARCHIVE_HOME") is { Length: > 0 } home)
        {
            root["Node:Home"] = home;
        }

        return root;
    }

    /// <summary>
    /// Options that are neither a short switch nor <c>--Section:Key</c> of a known section: a typo (<c>--hmoe</c>) must not
    /// start a node on its defaults (and format disks under the current directory).
    /// </summary>
    private static List<string> UnknownOptions(string[] args, IReadOnlySet<string> sections)
    {
        var unknown = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            // An argument that is no option's value (sweep W2: `init node.json` for `init --config node.json` formatted
            // the default disks under the working directory, for the default node).
            var isOption = args[i].StartsWith('-');
            if (!isOption && (i == 0 || !args[i - 1].StartsWith('-') || args[i - 1].Contains('=', StringComparison.Ordinal)))
            {
                unknown.Add($"unexpected argument '{args[i]}': options are --name value or --Section:Key=value{(args[i].EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? $" (a configuration file: --config {args[i]})" : string.Empty)}");
            }
        }

        foreach (var arg in args.Where(a => a.StartsWith("--", StringComparison.Ordinal) || (a.Length > 1 && a[0] == '-' && char.IsLetter(a[1]))))
        {
            var name = arg.Split('=', 2)[0];
            var key = name.TrimStart('-');
            if (!SwitchMappings.ContainsKey(name) && !(key.Contains(':', StringComparison.Ordinal) && sections.Contains(key.Split(':')[0])))
            {
                unknown.Add($"unknown option {name}: use {string.Join(", ", SwitchMappings.Keys)} or --Section:Key=value ({string.Join(", ", sections)})");
            }
        }

        return unknown;
    }

    /// <summary>Resolves and validates; throws <see cref="NodeConfigurationException"/> listing every problem.</summary>
    public static NodeSettings Load(IConfiguration configuration, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var node = Bind<NodeOptions>(configuration, "Node", problems);
        var dicom = Bind<DicomOptions>(configuration, "Dicom", problems);
        for (var i = 0; i < dicom.RemoteAes.Count; i++)
        {
            // "Permissions": [] reaches the binder as an empty value that binds to nothing, as if the key were omitted
            // (all four): a list given empty grants none.
            if (dicom.RemoteAes[i].Permissions is null && configuration.GetSection($"Dicom:RemoteAes:{i}:Permissions").Exists())
            {
                dicom.RemoteAes[i].Permissions = [];
            }
        }

        var grpc = Bind<GrpcSectionOptions>(configuration, "Grpc", problems);
        foreach (var level in configuration.GetSection("Logging:LogLevel").GetChildren())
        {
            // Sweep C2: "Verbose" stopped the node with an unhandled exception (exit 134) when the logger was built.
            if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(level.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                problems.Add($"Logging:LogLevel:{level.Key} '{level.Value}' is not a level (Trace, Debug, Information, Warning, Error, Critical, None)");
            }
        }

        var write = BindRecord(configuration, "Write", new GridWriteOptions(), problems);
        var read = BindRecord(configuration, "Read", new GridReadOptions(), problems);
        var membership = BindRecord(configuration, "Membership", new MembershipOptions(), problems);
        var repair = BindRecord(configuration, "Repair", new Grid.Repair.RepairOptions(), problems);
        var scrub = BindRecord(configuration, "Scrub", new Grid.Scrub.ScrubOptions(), problems);
        var rebalance = BindRecord(configuration, "Rebalance", new Grid.Rebalancing.RebalanceOptions(), problems);
        var groupCommit = BindRecord(configuration, "Storage:GroupCommit", new GroupCommitOptions(), problems);

        if (problems.Count > 0)
        {
            // A section that did not bind leaves defaults behind it: checking those would only add errors that are not there.
            throw new NodeConfigurationException(problems);
        }

        if (!NodeIdPattern().IsMatch(node.Id))
        {
            problems.Add("Node:Id must be 1-64 letters, digits, '-', '_' or '.'");
        }

        var home = Path.GetFullPath(string.IsNullOrWhiteSpace(node.Home) ? Path.Combine(".local", "node") : node.Home, workingDirectory);
        var disks = node.DataDisks.Count > 0
            ? node.DataDisks.Select(d => Path.GetFullPath(d, home)).ToArray()
            : Enumerable.Range(1, Math.Max(node.DefaultDiskCount, 0)).Select(i => Path.Combine(home, "disks", $"d{i}")).ToArray();
        if (disks.Length == 0)
        {
            problems.Add("Node:DataDisks is empty and Node:DefaultDiskCount is not positive");
        }

        var fast = Path.GetFullPath(string.IsNullOrWhiteSpace(node.FastDirectory) ? "fast" : node.FastDirectory, home);
        foreach (var (key, path) in disks.Select(d => ("Node:DataDisks", d)).Prepend(("Node:FastDirectory", fast)).Prepend(("Node:Home", home)))
        {
            if (File.Exists(path))
            {
                problems.Add($"{key}: '{path}' is a file; a directory is needed");
            }
        }

        var mapPath = Path.GetFullPath(string.IsNullOrWhiteSpace(node.GridMap) ? "grid-map.json" : node.GridMap, home);
        CheckUrl(node.GrpcUrl, "Node:GrpcUrl", problems);
        CheckUrl(node.HttpUrl, "Node:HttpUrl", problems);
        if (node.HttpUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            // Sweep Z2: https was accepted and logged, and the listener served plain HTTP there.
            problems.Add($"Node:HttpUrl serves health and metrics over plain HTTP: use http:// (is '{node.HttpUrl}'); put a TLS proxy in front to encrypt them");
        }

        var advertised = string.IsNullOrWhiteSpace(node.AdvertisedAddress) ? node.GrpcUrl : node.AdvertisedAddress;
        CheckUrl(advertised, "Node:AdvertisedAddress", problems);
        if (!string.IsNullOrWhiteSpace(node.JoinFrom))
        {
            CheckUrl(node.JoinFrom, "Node:JoinFrom", problems);
        }
        if (dicom.Port is < 0 or > 65535)
        {
            problems.Add($"Dicom:Port {dicom.Port} is not 0-65535");
        }

        ResolveTlsPaths(dicom.Tls, home);
        var (grpcCertificate, grpcAuthorities) = LoadGrpcTls(grpc.Tls, home, node.GrpcUrl, advertised, problems);
        CheckDicom(dicom, fast, problems);

        var edge = new GrpcEdgeOptions
        {
            ClusterId = node.ClusterId,
            ClusterSecret = node.ClusterSecret,
            ChunkBytes = grpc.ChunkBytes,
            CallTimeout = grpc.CallTimeout,
            ConnectTimeout = grpc.ConnectTimeout,
            MaxShardBytes = grpc.MaxShardBytes,
            MaxObjectBytes = grpc.MaxObjectBytes,
            SpoolDirectory = Path.Combine(fast, "spool"),
            TlsCertificate = grpcCertificate,
            TlsTrustedAuthorities = grpcAuthorities,
        };
        Check(edge.Validate, "Grpc/Node cluster", problems);
        Check(write.Validate, "Write", problems);
        Check(read.Validate, "Read", problems);
        Check(membership.Validate, "Membership", problems);
        Check(repair.Validate, "Repair", problems);
        Check(scrub.Validate, "Scrub", problems);
        Check(rebalance.Validate, "Rebalance", problems);
        Check(new Storage.Store.StorageOptions { Node = default, DataDisks = disks.Length > 0 ? disks : ["-"], GroupCommit = groupCommit }.Validate, "Storage", problems);
        Check(new Storage.Cache.ReplicaCacheOptions { Directory = Path.Combine(fast, "cache"), CapacityBytes = dicom.ReplicaCacheBytes }.Validate, "Dicom:ReplicaCacheBytes", problems);
        Check(() => Maps.StorageClassNames.Parse(node.SingleNode.DefaultClass), "Node:SingleNode:DefaultClass", problems);
        if (!string.IsNullOrEmpty(node.SingleNode.SmallClass))
        {
            Check(() => Maps.StorageClassNames.Parse(node.SingleNode.SmallClass), "Node:SingleNode:SmallClass", problems);
        }

        if (problems.Count > 0)
        {
            throw new NodeConfigurationException(problems);
        }

        return new NodeSettings(node.Id, home, disks, fast, mapPath, node.GrpcUrl, node.HttpUrl, advertised, node.Site, node.Rack,
            node.FormatBlankDisks, node.SingleNode, dicom, write, read, membership, groupCommit, edge, repair, scrub, rebalance)
        {
            GrpcTlsKeyFile = string.IsNullOrWhiteSpace(grpc.Tls.KeyFile) ? null : Path.GetFullPath(grpc.Tls.KeyFile, home),
            JoinFrom = string.IsNullOrWhiteSpace(node.JoinFrom) ? null : node.JoinFrom,
        };
    }

    /// <summary>
    /// The gRPC certificate (an https GrpcUrl needs one) and the CAs peers' must chain to, from PEM files under the
    /// node's home; a file that cannot be used is a problem naming it.
    /// </summary>
    private static (X509Certificate2? Certificate, X509Certificate2Collection? Authorities) LoadGrpcTls(GrpcTlsOptions tls, string home, string grpcUrl, string advertised, List<string> problems)
    {
        bool https = grpcUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        if (https != advertised.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Node:GrpcUrl and Node:AdvertisedAddress must both be http or both https");
        }

        X509Certificate2? certificate = null;
        if (!https && (!string.IsNullOrWhiteSpace(tls.CertificateFile) || !string.IsNullOrWhiteSpace(tls.KeyFile)))
        {
            // Sweep C2: the files were ignored without a word and gRPC ran in the clear.
            problems.Add($"Grpc:Tls:CertificateFile and KeyFile are set, but Node:GrpcUrl '{grpcUrl}' is http: make it https to serve TLS, or remove them");
        }
        else if (https && (string.IsNullOrWhiteSpace(tls.CertificateFile) || string.IsNullOrWhiteSpace(tls.KeyFile)))
        {
            problems.Add("Grpc:Tls: an https Node:GrpcUrl needs Grpc:Tls:CertificateFile and Grpc:Tls:KeyFile (PEM)");
        }
        else if (https)
        {
            try
            {
                (certificate, _) = PemFiles.LoadCertificate(Path.GetFullPath(tls.CertificateFile, home), Path.GetFullPath(tls.KeyFile, home));
            }
            catch (TlsMaterialException e)
            {
                problems.Add($"Grpc:Tls: {e.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(tls.TrustedCaFile))
        {
            return (certificate, null);
        }

        try
        {
            return (certificate, PemFiles.LoadAuthorities(Path.GetFullPath(tls.TrustedCaFile, home)));
        }
        catch (TlsMaterialException e)
        {
            problems.Add($"Grpc:Tls: {e.Message}");
            return (certificate, null);
        }
    }

    /// <summary>Relative certificate and key paths are under the node's home, as the disks are.</summary>
    private static void ResolveTlsPaths(DicomTlsOptions tls, string home)
    {
        string Resolve(string path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, home);
        tls.CertificateFile = Resolve(tls.CertificateFile);
        tls.KeyFile = Resolve(tls.KeyFile);
        tls.TrustedCaFile = Resolve(tls.TrustedCaFile);
    }

    /// <summary>The DICOM listener's settings, checked here so that a mistake stops the node at start with exit 2, not later.</summary>
    private static void CheckDicom(DicomOptions dicom, string fast, List<string> problems)
    {
        if (!dicom.Enabled)
        {
            return;
        }

        if (!System.Net.IPAddress.TryParse(dicom.BindAddress, out _))
        {
            problems.Add($"Dicom:BindAddress '{dicom.BindAddress}' is not an IP address (0.0.0.0: every interface)");
        }

        if (dicom.MaxAssociations < 1)
        {
            problems.Add("Dicom:MaxAssociations must be at least 1");
        }

        if (dicom.MaxAssociationsPerCallingAe < 0 || dicom.MaxAssociationsPerCallingAe > dicom.MaxAssociations)
        {
            problems.Add($"Dicom:MaxAssociationsPerCallingAe must be 0 (half of MaxAssociations) to Dicom:MaxAssociations ({dicom.MaxAssociations})");
        }

        if (dicom.Tls.Enabled && dicom.Tls.Port == dicom.Port)
        {
            problems.Add($"Dicom:Tls:Port {dicom.Tls.Port} is also Dicom:Port: the TLS listener needs a port of its own (2762 is the registered one)");
        }

        if (dicom.CatalogQueryTimeout <= TimeSpan.Zero)
        {
            problems.Add("Dicom:CatalogQueryTimeout must be positive");
        }

        // The commitment service checks it too, and stopped the node at start with exit 1 (sweep G).
        if (new Service.Committing.CommitmentOptions().CheckInterval is var interval && dicom.CommitmentGiveUpAfter <= interval)
        {
            problems.Add($"Dicom:CommitmentGiveUpAfter ({dicom.CommitmentGiveUpAfter}) must be longer than the {interval.TotalSeconds:0} s between commitment checks");
        }

        problems.AddRange(Dicom.DicomSettings.Problems(dicom, fast).Select(p => "Dicom: " + p));
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> problems)
        where T : new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"{section}: {BindFailure(e)}");
        }

        return value;
    }

    /// <summary>What the binder found wrong: the innermost message names the key or value (the outer one only says binding failed).</summary>
    private static string BindFailure(Exception e)
    {
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            messages.Add(inner.Message);
        }

        return messages.Count == 1 ? messages[0] : string.Join(" <- ", messages.Skip(1).Reverse());
    }

    private static T BindRecord<T>(IConfiguration configuration, string section, T value, List<string> problems)
        where T : class
    {
        try
        {
            configuration.GetSection(section).Bind(value, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"{section}: {BindFailure(e)}");
        }

        return value;
    }

    private static void Check(Action validate, string section, List<string> problems)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            problems.Add($"{section}: {e.Message}");
        }
    }

    private static void CheckUrl(string url, string key, List<string> problems)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port <= 0)
        {
            problems.Add($"{key} must be an absolute http(s) URL with a port (is '{url}')");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NodeIdPattern();
}
