using System.Text.Json;
using Archive.Tools.LocalGrid;

namespace Archive.Cli.Tests.Grid;

/// <summary>
/// A 3-node grid of real archive-node processes (ec-2-1, rep-3 under 64 KiB, two disks each) shared
/// by the operator command tests; archivectl runs in-process against it with the grid's credentials.
/// </summary>
public sealed class LocalGridFixture : IAsyncLifetime
{
    private const string Secret = "local-grid-secret";

    private string _directory = string.Empty;

    public LocalGridCluster Cluster { get; private set; } = null!;

    public LocalNodeSpec Entry => Cluster.Nodes[0];

    /// <summary>A storage commitment SCU registered with every node (all permissions), reached back on <see cref="CommitScuPort"/>.</summary>
    public const string CommitScuAe = "COMMITSCU";

    public int CommitScuPort { get; } = Network.NetworkCommandFixture.FreePort();

    public async Task InitializeAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "archive-cli-grid-" + Guid.NewGuid().ToString("N")[..8]);
        Cluster = await LocalGridCluster.UpAsync(new LocalGridOptions
        {
            Nodes = 3,
            StorageClass = "ec-2-1",
            SmallClass = "rep-3",
            DisksPerNode = 2,
            Directory = _directory,
            NodeBinary = NodeBinary(),
            ClusterSecret = Secret,
            Settings = new Dictionary<string, string>
            {
                ["Membership:HeartbeatInterval"] = "00:00:00.500",
                ["Membership:SuspectAfter"] = "00:00:02",
                ["Membership:DownAfter"] = "00:00:06",
                ["Grpc:ConnectTimeout"] = "00:00:02",
                ["Write:PutTimeout"] = "00:00:30",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Dicom:RemoteAes:0:AeTitle"] = CommitScuAe,
                ["Dicom:RemoteAes:0:Host"] = "127.0.0.1",
                ["Dicom:RemoteAes:0:Port"] = CommitScuPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Dicom:RemoteAes:0:Site"] = "default",
            },
        });
        await WaitForMembersUpAsync();
    }

    /// <summary>archivectl in-process with <c>--node</c> and the grid's credentials appended.</summary>
    public Task<(int Code, string Output, string Error)> Run(params string[] args) => Run(CancellationToken.None, args);

    public Task<(int Code, string Output, string Error)> Run(CancellationToken cancellationToken, params string[] args) =>
        Network.NetworkCommandFixture.Run(cancellationToken, [.. args, "--node", Entry.GrpcUrl, "--cluster", "local", "--secret", Secret]);

    /// <summary>Runs a command with <c>--json</c> and parses its output; the exit code must be one of <paramref name="codes"/>.</summary>
    public async Task<JsonElement> Json(int[] codes, params string[] args)
    {
        var (code, output, error) = await Run([.. args, "--json"]);
        Assert.True(codes.Contains(code), $"exit {code}\n{output}\n{error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DownAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left for inspection when a file is still held
        }
    }

    private async Task WaitForMembersUpAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var (code, output, _) = await Run("nodes", "--json");
            if (code == Cli.ExitCodes.Ok)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the local grid did not come up: " + output);
            await Task.Delay(250);
        }
    }

    private static string NodeBinary()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
        {
            dir = dir.Parent;
        }

        var binary = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Archive.sln not found"), "src", "Archive.Node", "bin", configuration, "net10.0", "archive-node");
        return File.Exists(binary) ? binary : throw new FileNotFoundException("build src/Archive.Node first", binary);
    }
}

/// <summary>The operator command tests share one local grid and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalGridCollection : ICollectionFixture<LocalGridFixture>
{
    public const string Name = "local grid";
}
