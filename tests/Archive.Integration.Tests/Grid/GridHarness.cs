using System.Diagnostics;
using System.Globalization;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Tools.LocalGrid;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// A 6-node ec-4-2 grid of real archive-node processes for one test class, with fast membership
/// timing and small parts (so multi-part objects stay small), plus admin clients per node. The
/// object count and the pairs tried come from <c>ARCHIVE_GRID_FAULTS</c> ("short" for CI, "long").
/// </summary>
public sealed class GridHarness : IAsyncDisposable
{
    private readonly Dictionary<string, PeerChannel> _channels = [];

    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2Collection? _authorities;

    private GridHarness(LocalGridCluster cluster, string directory, LocalGridTls? tls)
    {
        Cluster = cluster;
        Directory = directory;
        if (tls is not null)
        {
            _authorities = [];
            _authorities.ImportFromPemFile(tls.CaFile);
        }
    }

    public LocalGridCluster Cluster { get; }

    public string Directory { get; }

    public static bool LongMode => string.Equals(Environment.GetEnvironmentVariable("ARCHIVE_GRID_FAULTS"), "long", StringComparison.OrdinalIgnoreCase);

    public static async Task<GridHarness> StartAsync(string name, Func<LocalNodeSpec, LocalNodeSpec, string>? addressFor = null, IReadOnlyDictionary<string, string>? moveDestinations = null, IReadOnlyDictionary<string, string>? settings = null, int nodes = 6, LocalGridTls? tls = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "archive-it", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new LocalGridOptions
        {
            Nodes = nodes,
            StorageClass = "ec-4-2",
            SmallClass = "rep-3",
            SmallThresholdBytes = 64 * 1024,
            Directory = directory,
            NodeBinary = NodeBinary(),
            AddressFor = addressFor,
            Tls = tls,
            MoveDestinations = moveDestinations ?? new Dictionary<string, string>(),
            Settings = new Dictionary<string, string>
            {
                ["Membership:HeartbeatInterval"] = "00:00:00.500",
                ["Membership:SuspectAfter"] = "00:00:01.500",
                ["Membership:DownAfter"] = "00:00:05",
                ["Grpc:ConnectTimeout"] = "00:00:01",
                ["Grpc:CallTimeout"] = "00:00:30",
                ["Write:PartShardBytes"] = "65536",
                ["Write:BlockSize"] = "16384",
                ["Write:PutTimeout"] = "00:00:20",
                ["Read:HedgeAfter"] = "00:00:00.300",
                ["Read:ShardReadTimeout"] = "00:00:20",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            ((Dictionary<string, string>)options.Settings)[key] = value;
        }

        var cluster = await LocalGridCluster.UpAsync(options);
        return new GridHarness(cluster, directory, tls);
    }

    /// <summary>
    /// Writes and reads a few throw-away objects through every node so that each process has
    /// compiled its write and read paths: on a loaded two-core machine the first calls of six cold
    /// processes can outlast a put deadline, which would show up as missed shards.
    /// </summary>
    public async Task WarmUpAsync()
    {
        var objects = TestObjects.Make(Cluster.Nodes.Count * 2, seed: 1, prefix: "warmup");
        for (var i = 0; i < objects.Count; i++)
        {
            var client = Client(Cluster.Nodes[i % Cluster.Nodes.Count].Id);
            var o = objects[i];
            await client.PutAsync(o.Partition, o.Name, new MemoryStream(o.Bytes), o.Bytes.Length, ReadOnlyMemory<byte>.Empty);
            await client.GetAsync(o.Partition, o.Name, Stream.Null);
        }
    }

    /// <summary>An admin client talking to <paramref name="nodeId"/>.</summary>
    public ObjectClient Client(string nodeId) => new(Channel(nodeId));

    public PeerChannel Channel(string nodeId)
    {
        if (!_channels.TryGetValue(nodeId, out var channel))
        {
            var node = Cluster.Node(nodeId);
            var options = new GrpcEdgeOptions { ClusterId = "local", ClusterSecret = "local-grid-secret", SpoolDirectory = Path.GetTempPath(), CallTimeout = TimeSpan.FromSeconds(60), TlsTrustedAuthorities = _authorities };
            channel = new PeerChannel(nodeId, node.GrpcUrl, new ClusterIdentity("local", "local-grid-secret"), options, TimeProvider.System);
            _channels[nodeId] = channel;
        }

        return channel;
    }

    /// <summary>Waits until <paramref name="nodeId"/> sees every node in <paramref name="expectedUp"/> as up (health 1).</summary>
    public async Task WaitForMembersUpAsync(string nodeId, IEnumerable<string> expectedUp)
    {
        var wanted = expectedUp.ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Contracts.V1.StatusReply? status = null;
        while (DateTime.UtcNow < deadline)
        {
            var channel = Channel(nodeId);
            status = await channel.Admin.StatusAsync(new Contracts.V1.StatusRequest(), channel.Call(CancellationToken.None));
            if (status.Members.Where(m => wanted.Contains(m.NodeId)).All(m => m.Health == 1))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{nodeId} does not see {string.Join(",", wanted)} up: {status}");
    }

    /// <summary>
    /// Runs the built <c>archivectl</c> with <paramref name="args"/> against this grid, entering through node-1 with the
    /// cluster credentials, as an operator would; returns its exit code and what it printed.
    /// </summary>
    public async Task<(int Exit, string Stdout, string Stderr)> ArchivectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var entry = Cluster.Node("node-1");
        start.Environment["ARCHIVE_NODE"] = entry.GrpcUrl;
        start.Environment["ARCHIVE_CLUSTER"] = "local";               // LocalGridOptions' defaults, which the harness keeps
        start.Environment["ARCHIVE_SECRET"] = "local-grid-secret";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        await Cluster.DownAsync();
        if (Environment.GetEnvironmentVariable("ARCHIVE_IT_KEEP") == "1")
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // left for inspection when a file is still held
        }
    }

    /// <summary>The archive-node binary built with the tests.</summary>
    public static string NodeBinary() => Built("Archive.Node", "archive-node");

    /// <summary>The archivectl assembly built with the tests (run it with <c>dotnet</c>).</summary>
    public static string CliAssembly() => Built("Archive.Cli", "archivectl.dll");

    private static string Built(string project, string file)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
        {
            dir = dir.Parent;
        }

        var binary = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Archive.sln not found"), "src", project, "bin", configuration, "net10.0", file);
        return File.Exists(binary) ? binary : throw new FileNotFoundException($"build src/{project} first", binary);
    }
}
