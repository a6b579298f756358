using Archive.Tools.LocalGrid;

// local-grid up --nodes N [--class ec-4-2] [--small-class rep-3|none] [--disks D] [--dir DIR] [--ae NAME=host:port ...]
//               [--base-port P] [--tls-cert PEM --tls-key PEM --tls-ca PEM]
// local-grid down [--dir DIR]
// local-grid stop|start|kill <node-id> [--dir DIR]
// local-grid status [--dir DIR]
var command = args.Length > 0 ? args[0] : "help";
string directory = Path.GetFullPath(Environment.GetEnvironmentVariable("LOCAL_GRID_DIR") ?? Path.Combine(".local", "grid"));
int nodes = 6, disks = 2;
string storageClass = "ec-4-2", smallClass = "rep-3";
string? target = null, tlsCertificate = null, tlsKey = null, tlsCa = null;
int? basePort = null;
var destinations = new Dictionary<string, string>(StringComparer.Ordinal);
try
{
    for (var i = 1; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--dir": directory = Path.GetFullPath(Next()); break;
            case "--nodes": nodes = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
            case "--disks": disks = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
            case "--class": storageClass = Next(); break;
            case "--small-class": smallClass = Next(); break;
            case "--base-port": basePort = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
            case "--tls-cert": tlsCertificate = Path.GetFullPath(Next()); break;
            case "--tls-key": tlsKey = Path.GetFullPath(Next()); break;
            case "--tls-ca": tlsCa = Path.GetFullPath(Next()); break;
            case "--ae":
                var ae = Next().Split('=', 2);
                destinations[ae[0]] = ae.Length == 2 && ae[1].Contains(':', StringComparison.Ordinal) ? ae[1] : throw new ArgumentException("--ae takes NAME=host:port");
                break;
            default:
                target = target is null && !args[i].StartsWith('-') ? args[i] : throw new ArgumentException($"unknown argument {args[i]}");
                break;
        }
    }

    switch (command)
    {
        case "up":
            var binary = Environment.GetEnvironmentVariable("ARCHIVE_NODE_BIN") ?? throw new ArgumentException("set ARCHIVE_NODE_BIN to the archive-node executable (tools/local-grid does)");
            var tls = (tlsCertificate, tlsKey, tlsCa) switch
            {
                (null, null, null) => null,
                ({ } certificate, { } key, { } ca) => new LocalGridTls(certificate, key, ca),
                _ => throw new ArgumentException("gRPC over TLS needs all three of --tls-cert, --tls-key and --tls-ca (PEM; the certificate must name 127.0.0.1)"),
            };
            var grid = await LocalGridCluster.UpAsync(new LocalGridOptions
            {
                Nodes = nodes, StorageClass = storageClass, SmallClass = smallClass, DisksPerNode = disks,
                Directory = directory, NodeBinary = binary, MoveDestinations = destinations, BasePort = basePort, Tls = tls,
            });
            foreach (var node in grid.Nodes)
            {
                Console.WriteLine(LocalGridCluster.Describe(node));
            }

            return 0;
        case "down":
            await LocalGridCluster.Open(directory).DownAsync();
            return 0;
        case "stop":
            if (!await LocalGridCluster.Open(directory).StopAsync(target ?? throw new ArgumentException("stop needs a node id")))
            {
                // Stopped is what was asked for (exit 0, as systemctl stop), but say so: it may not be the node meant.
                await Console.Error.WriteLineAsync($"local-grid: {target} was not running");
            }

            return 0;
        case "kill":
            if (!LocalGridCluster.Open(directory).Kill(target ?? throw new ArgumentException("kill needs a node id")))
            {
                await Console.Error.WriteLineAsync($"local-grid: {target} is not running: nothing killed");
                return 1;
            }

            return 0;
        case "start":
            var cluster = LocalGridCluster.Open(directory, Environment.GetEnvironmentVariable("ARCHIVE_NODE_BIN"));
            var before = cluster.LastBinaryOf(cluster.Node(target ?? throw new ArgumentException("start needs a node id")));
            var started = await cluster.StartAsync(target);
            if (started.Binary is { } now && now != before)
            {
                // A rolling upgrade (or a downgrade): the node now runs this checkout's build (sweep U: it silently kept its old one).
                await Console.Error.WriteLineAsync($"local-grid: {target} runs {now} (it ran {before})");
            }

            Console.WriteLine(LocalGridCluster.Describe(started));
            return 0;
        case "status":
            foreach (var node in LocalGridCluster.Open(directory).Nodes)
            {
                Console.WriteLine(LocalGridCluster.Describe(node with { Pid = NodeProcesses.IsAlive(node.Pid) ? node.Pid : 0 }));
            }

            return 0;
        default:
            Console.Error.WriteLine("usage: local-grid up --nodes N [--class ec-4-2] [--small-class rep-3|none] [--disks 2] [--dir D] [--ae NAME=host:port ...]\n                      [--base-port P] [--tls-cert PEM --tls-key PEM --tls-ca PEM]\n       local-grid down|status [--dir D]\n       local-grid stop|start|kill <node-id> [--dir D]");
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or TimeoutException or FormatException)
{
    Console.Error.WriteLine("local-grid: " + e.Message);
    return 1;
}
