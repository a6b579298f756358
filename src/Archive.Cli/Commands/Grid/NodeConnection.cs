using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Tls;

namespace Archive.Cli.Commands.Grid;

/// <summary>
/// How archivectl reaches a running node over its admin gRPC: <c>--node URL</c> (or
/// <c>ARCHIVE_NODE</c>, default the local node <c>http://127.0.0.1:7100</c>) with the cluster's
/// credentials (<c>--cluster</c>/<c>ARCHIVE_CLUSTER</c>, <c>--secret</c>/<c>ARCHIVE_SECRET</c>,
/// defaulting to the development pair of the embedded node defaults). An https node is checked against
/// <c>--ca</c>/<c>ARCHIVE_CA</c> (PEM), else the system's trust store.
/// </summary>
internal sealed class NodeConnection
{
    public Option<string> Node { get; } = new("--node") { Description = "Node gRPC URL (default $ARCHIVE_NODE or http://127.0.0.1:7100).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ARCHIVE_NODE") ?? "http://127.0.0.1:7100" };

    public Option<string> Cluster { get; } = new("--cluster") { Description = "Cluster id (default $ARCHIVE_CLUSTER or 'local').", DefaultValueFactory = _ => DefaultCluster() };

    private static string DefaultCluster() => Environment.GetEnvironmentVariable("ARCHIVE_CLUSTER") ?? "local";

    /// <summary>No default value in the option itself: help prints defaults, and a secret must never be printed.</summary>
    public Option<string?> Secret { get; } = new("--secret") { Description = "Cluster secret (default $ARCHIVE_SECRET or the development secret)." };

    /// <summary>The --ca files the validator loaded, by path: read once, used when a channel opens.</summary>
    private readonly Dictionary<string, X509Certificate2Collection> _authorities = [];

    public Option<string?> Ca { get; } = new("--ca") { Description = "CA certificates (PEM) an https node's certificate must chain to (default $ARCHIVE_CA, else the system's trust store).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ARCHIVE_CA") };

    /// <summary>The secret to present: --secret, else $ARCHIVE_SECRET, else the development secret.</summary>
    public string SecretOf(ParseResult parseResult) => SecretOr(parseResult.GetValue(Secret));

    private static string SecretOr(string? given) => given ?? Environment.GetEnvironmentVariable("ARCHIVE_SECRET") ?? "local-dev-secret";

    public NodeConnection()
    {
        // A URL without its scheme ("127.0.0.1:7100") is the usual slip: a usage error, not a stack trace.
        Node.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                result.AddError($"--node '{value}' (or ARCHIVE_NODE) must be a node's gRPC URL such as http://127.0.0.1:7100");
            }
        });
        Ca.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { Length: > 0 } file)
            {
                return;
            }

            try
            {
                _authorities[file] = PemFiles.LoadAuthorities(file);
            }
            catch (TlsMaterialException e)
            {
                result.AddError($"--ca (or ARCHIVE_CA): {e.Message}");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(Cluster);
        command.Options.Add(Secret);
        command.Options.Add(Ca);

        // Sweep Z2: an empty --secret or ARCHIVE_SECRET ended in a stack trace; an unusable one in a transport error.
        command.Validators.Add(result =>
        {
            if (!TryGiven(result, Cluster, out var cluster) || !TryGiven(result, Secret, out var secret))
            {
                return;
            }

            if (ClusterIdentity.Problem(cluster ?? DefaultCluster(), SecretOr(secret)) is { } credentials)
            {
                result.AddError($"--cluster/--secret (or ARCHIVE_CLUSTER/ARCHIVE_SECRET): {credentials}");
            }
        });
    }

    /// <summary>
    /// The value given for <paramref name="option"/> (null when not given: a validator sees no defaults, so the caller applies
    /// them); false when it was given without a value ("--secret="), which the parser reports as a usage error already.
    /// </summary>
    private static bool TryGiven<T>(System.CommandLine.Parsing.CommandResult result, Option<T> option, out T? value)
    {
        value = default;
        if (result.GetResult(option) is not { } given)
        {
            return true;
        }

        if (given.Tokens.Count == 0)
        {
            return false;
        }

        value = given.GetValueOrDefault<T>();
        return true;
    }

    /// <summary>A channel to the chosen node; the caller disposes it.</summary>
    public PeerChannel Open(ParseResult parseResult) => OpenAt(parseResult, parseResult.GetValue(Node)!, EntryConnectTimeout);

    /// <summary>
    /// How long the connection to the node an operator names may take, TLS handshake included: longer than between
    /// nodes (2 s), since a person waits for it and an overloaded node's handshake took more (sweep X2).
    /// </summary>
    public static readonly TimeSpan EntryConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A channel to the node at <paramref name="address"/> with the same credentials; the caller disposes it.</summary>
    /// <param name="connectTimeout">How long a connection may take (null: the edge's default).</param>
    public PeerChannel OpenAt(ParseResult parseResult, string address, TimeSpan? connectTimeout)
    {
        var cluster = parseResult.GetValue(Cluster)!;
        var secret = SecretOf(parseResult);
        var options = new GrpcEdgeOptions { ClusterId = cluster, ClusterSecret = secret, SpoolDirectory = Path.GetTempPath(), TlsTrustedAuthorities = Authorities(parseResult) };
        options = connectTimeout is { } timeout ? options with { ConnectTimeout = timeout } : options;
        return new PeerChannel("cli", address, new ClusterIdentity(cluster, secret), options, TimeProvider.System);
    }

    /// <summary>The CAs of --ca (or $ARCHIVE_CA), as the option's validator loaded them; null: the system's trust store.</summary>
    private X509Certificate2Collection? Authorities(ParseResult parseResult) =>
        parseResult.GetValue(Ca) is { Length: > 0 } file
            ? _authorities.TryGetValue(file, out var authorities) ? authorities : PemFiles.LoadAuthorities(file)
            : null;
}
