using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Archive.Tls;

namespace Archive.Tools.LocalGrid;

/// <summary>
/// A grid of archive-node processes on loopback under one directory: <see cref="UpAsync"/> lays
/// out ports and directories, formats every node's disks (<c>archive-node init</c>), writes the
/// grid map (<c>archive-node new-map</c>) into every node's home and starts them all;
/// <see cref="StopAsync"/>, <see cref="StartAsync"/> and <see cref="Kill"/> act on one node with its
/// data; <see cref="DownAsync"/> stops all. State persists in <c>D/local-grid.json</c>, changed one node at a time
/// under a lock file, so commands run at once (two starts) keep each other's process ids.
/// </summary>
public sealed class LocalGridCluster
{
    public const string StateFileName = "local-grid.json";

    private readonly string _directory;
    private readonly string? _binary;
    private LocalGridState _state;

    private LocalGridCluster(string directory, LocalGridState state, string? binary = null)
    {
        _directory = directory;
        _state = state;
        _binary = binary;
    }

    public IReadOnlyList<LocalNodeSpec> Nodes => _state.Nodes;

    public LocalNodeSpec Node(string id) => _state.Nodes.SingleOrDefault(n => n.Id == id)
        ?? throw new ArgumentException($"no node {id} in this grid ({string.Join(", ", _state.Nodes.Select(n => n.Id))})");

    /// <summary>
    /// Opens the grid recorded under <paramref name="directory"/>. <paramref name="binary"/>: the archive-node this
    /// command starts nodes with (the checkout running it, as in a rolling upgrade); null: each node's last one.
    /// </summary>
    public static LocalGridCluster Open(string directory, string? binary = null)
    {
        var path = Path.Combine(directory, StateFileName);
        var state = File.Exists(path)
            ? ReadState(path)
            : throw new FileNotFoundException($"no local grid under {directory} (run `up` first)", path);
        return new LocalGridCluster(Path.GetFullPath(directory), state, binary);
    }

    /// <summary>The archive-node a start of <paramref name="node"/> runs: this command's, else the one it ran last.</summary>
    public string BinaryFor(LocalNodeSpec node) => _binary ?? LastBinaryOf(node);

    /// <summary>The archive-node <paramref name="node"/> was last started with (up's, in a state that did not record it).</summary>
    public string LastBinaryOf(LocalNodeSpec node) => node.Binary ?? _state.NodeBinary;

    private static LocalGridState ReadState(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), LocalGridJson.Default.LocalGridState) ?? throw new InvalidDataException("empty state file");

    /// <summary>Creates and starts a new grid; refuses when one is already running there.</summary>
    public static async Task<LocalGridCluster> UpAsync(LocalGridOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.Directory);
        if (File.Exists(Path.Combine(directory, StateFileName)) && Open(directory).Nodes.Any(n => NodeProcesses.IsAlive(n.Pid)))
        {
            throw new InvalidOperationException($"a local grid is already running under {directory}; run `down` first");
        }

        CheckCertificate(options.Tls);
        Directory.CreateDirectory(directory);
        var ports = options.BasePort is { } basePort ? PortsFrom(basePort, options.Nodes * 3) : FreePorts(options.Nodes * 3);
        var nodes = Enumerable.Range(0, options.Nodes).Select(i =>
        {
            var id = $"node-{i + 1}";
            var home = Path.Combine(directory, id);
            var disks = Enumerable.Range(1, options.DisksPerNode).Select(d => Path.Combine(home, "disks", $"d{d}")).ToArray();
            return new LocalNodeSpec(id, ports[i * 3], ports[(i * 3) + 1], ports[(i * 3) + 2], $"ARCHIVE{i + 1}", home, disks, options.Tls is not null);
        }).ToArray();

        foreach (var node in nodes)
        {
            Directory.CreateDirectory(node.Home);
            File.WriteAllText(node.ConfigPath, NodeConfig(node, options));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(node.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the cluster secret
            }
        }

        var descriptors = Path.Combine(directory, "nodes.jsonl");
        File.WriteAllLines(descriptors, nodes.Select(n => NodeProcesses.Init(options.NodeBinary, n)));
        var mapPath = Path.Combine(directory, "grid-map.json");
        RunNewMap(options, descriptors, mapPath);
        foreach (var from in nodes)
        {
            File.WriteAllText(from.MapPath, RewriteAddresses(File.ReadAllText(mapPath), nodes, from, options.AddressFor));
        }

        var cluster = new LocalGridCluster(directory, new LocalGridState(options.NodeBinary, nodes));
        cluster.Save();
        try
        {
            await Task.WhenAll(nodes.Select(n => cluster.StartAsync(n.Id, cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            await cluster.DownAsync().ConfigureAwait(false); // no half grid left running: one that failed leaves none
            throw;
        }

        return cluster;
    }

    /// <summary>Starts (or restarts) one node with its data; waits until it is ready.</summary>
    public Task<LocalNodeSpec> StartAsync(string nodeId, CancellationToken cancellationToken = default) =>
        StartAsync(nodeId, [], cancellationToken);

    /// <summary>
    /// Starts (or restarts) one node with its data and <paramref name="overrides"/> on its command
    /// line for this run only (<c>--Section:Key=value</c>, over its configuration file); waits until it is ready.
    /// </summary>
    public async Task<LocalNodeSpec> StartAsync(string nodeId, IReadOnlyList<string> overrides, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var node = Node(nodeId);
        if (NodeProcesses.IsAlive(node.Pid))
        {
            return node;
        }

        // A process killed a moment ago may still hold its sockets (its main thread is a zombie before the others have
        // exited); one that keeps serving the port is another: its readiness would be read for the node's (sweep C: start
        // printed the node and exited 0 while the process it started had already exited on the locked home).
        var portFreeBy = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (NodeProcesses.Listening(node.HttpPort))
        {
            if (DateTime.UtcNow > portFreeBy)
            {
                throw new InvalidOperationException($"{node.Id}: another process serves its HTTP port {node.HttpPort} (a node this grid's record lost?); stop it first");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var binary = BinaryFor(node);
        var pid = NodeProcesses.Start(binary, node, overrides);
        Update(node with { Pid = pid, Binary = binary });
        await NodeProcesses.WaitReadyAsync(node, pid, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        return Node(nodeId);
    }

    /// <summary>Stops one node (SIGTERM, then kill after 20 s); false when it was not running (stopped already, as systemctl takes it).</summary>
    public async Task<bool> StopAsync(string nodeId)
    {
        var node = Node(nodeId);
        var wasRunning = NodeProcesses.IsAlive(node.Pid);
        await NodeProcesses.StopAsync(node.Pid, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        Update(node with { Pid = 0 });
        return wasRunning;
    }

    /// <summary>kill -9 one node; false when it was not running (nothing to kill).</summary>
    public bool Kill(string nodeId)
    {
        var node = Node(nodeId);
        if (!NodeProcesses.IsAlive(node.Pid))
        {
            return false;
        }

        NodeProcesses.Kill(node.Pid);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (NodeProcesses.IsAlive(node.Pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Update(node with { Pid = 0 });
        return true;
    }

    /// <summary>Stops every node.</summary>
    public async Task DownAsync()
    {
        await Task.WhenAll(_state.Nodes.Where(n => n.Pid > 0).Select(n => NodeProcesses.StopAsync(n.Pid, TimeSpan.FromSeconds(20)))).ConfigureAwait(false);
        foreach (var node in _state.Nodes)
        {
            Update(node with { Pid = 0 });
        }
    }

    /// <summary>The JSON line describing a node (what <c>up</c> and <c>start</c> print).</summary>
    public static string Describe(LocalNodeSpec node) => JsonSerializer.Serialize(
        new NodeLine(node.Id, node.Pid, node.DicomAe, node.DicomPort, node.GrpcUrl, node.HttpUrl + "/metrics", node.HttpUrl + "/readyz", node.Home, node.DataDirs, node.LogPath),
        NodeLineJson.Default.NodeLine);

    /// <summary>
    /// Records one node's change over the state as the file holds it now, under the lock: another command (or another
    /// start of this one) may have changed other nodes meanwhile, and writing back the whole state read at open lost
    /// their process ids (sweep C: two starts at once left a running node with pid 0, and kill then did nothing).
    /// </summary>
    private void Update(LocalNodeSpec node)
    {
        using var gate = LockState();
        var path = Path.Combine(_directory, StateFileName);
        var current = File.Exists(path) ? ReadState(path) : _state;
        _state = current with { Nodes = current.Nodes.Select(n => n.Id == node.Id ? node : n).ToArray() };
        Save();
    }

    /// <summary>Holds <c>local-grid.json.lock</c> exclusively (an advisory lock, released on dispose or exit).</summary>
    private FileStream LockState()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(_directory, StateFileName + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>Writes the state whole, by rename: a command reading it meanwhile never sees half a file.</summary>
    private void Save()
    {
        var path = Path.Combine(_directory, StateFileName);
        File.WriteAllText(path + ".new", JsonSerializer.Serialize(_state, LocalGridJson.Default.LocalGridState));
        File.Move(path + ".new", path, overwrite: true);
    }

    private static string NodeConfig(LocalNodeSpec node, LocalGridOptions options)
    {
        var config = new JsonObject
        {
            ["Node"] = new JsonObject
            {
                ["Id"] = node.Id,
                ["Home"] = node.Home,
                ["DataDisks"] = new JsonArray(node.DataDirs.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
                ["GridMap"] = node.MapPath,
                ["GrpcUrl"] = node.GrpcUrl,
                ["HttpUrl"] = node.HttpUrl,
                ["ClusterId"] = options.ClusterId,
                ["ClusterSecret"] = options.ClusterSecret,
                ["SingleNode"] = new JsonObject { ["GenerateMap"] = false },
            },
            // Development grid: any calling AE is accepted, whatever title it calls (recorded here on purpose).
            ["Dicom"] = new JsonObject
            {
                ["AeTitle"] = node.DicomAe,
                ["Port"] = node.DicomPort,
                ["AcceptAnyCallingAe"] = true,
                ["AcceptAnyCalledAe"] = true,
                ["MoveDestinations"] = new JsonObject(options.MoveDestinations.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value)))),
            },
        };
        if (options.Tls is { } tls)
        {
            config["Grpc"] = new JsonObject
            {
                ["Tls"] = new JsonObject { ["CertificateFile"] = tls.CertificateFile, ["KeyFile"] = tls.KeyFile, ["TrustedCaFile"] = tls.CaFile },
            };
        }

        foreach (var (key, value) in options.Settings)
        {
            var parts = key.Split(':');
            var target = config;
            foreach (var part in parts[..^1])
            {
                target = target[part] as JsonObject ?? (JsonObject)(target[part] = new JsonObject());
            }

            target[parts[^1]] = value;
        }

        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void RunNewMap(LocalGridOptions options, string descriptors, string mapPath)
    {
        var start = new ProcessStartInfo(options.NodeBinary) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "new-map", "--out", mapPath, "--cluster", options.ClusterId, "--class", options.StorageClass, "--small-class", options.SmallClass,
            "--small-threshold", options.SmallThresholdBytes.ToString(CultureInfo.InvariantCulture), descriptors,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + options.NodeBinary);
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("archive-node new-map failed: " + error);
        }
    }

    private static string RewriteAddresses(string mapJson, IReadOnlyList<LocalNodeSpec> nodes, LocalNodeSpec from, Func<LocalNodeSpec, LocalNodeSpec, string>? addressFor)
    {
        if (addressFor is null)
        {
            return mapJson;
        }

        var map = JsonNode.Parse(mapJson)!;
        foreach (var entry in map["nodes"]!.AsArray())
        {
            var to = nodes.Single(n => n.Id == entry!["id"]!.GetValue<string>());
            entry!["address"] = to.Id == from.Id ? to.GrpcUrl : addressFor(from, to);
        }

        return map.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Free loopback ports below the kernel's ephemeral range: a port found free is released before its
    /// node binds it, and in the ephemeral range any outgoing connection (peers, dcmtk) could take it
    /// meanwhile ("Address already in use" under load); below it only explicit binds compete.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var (low, _) = EphemeralRange();
        var floor = Math.Min(20_000, low - (4 * count));
        var ports = new List<int>(count);
        for (var port = Random.Shared.Next(floor, low - count); ports.Count < count; port = port + 1 >= low ? floor : port + 1)
        {
            if (WhyTaken(port) is null)
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    /// <summary><paramref name="count"/> ports from <paramref name="first"/> on, every one of them free now.</summary>
    private static int[] PortsFrom(int first, int count)
    {
        if (first < 1 || first + count - 1 > 65_535)
        {
            throw new ArgumentException($"--base-port {first}: the grid needs ports {first}-{first + count - 1}, outside 1-65535");
        }

        var (low, high) = EphemeralRange();
        if (first <= high && first + count - 1 >= low)
        {
            // Sweep C: a node restarted after a kill found its DICOM port taken by a client's outgoing connection.
            Console.Error.WriteLine($"local-grid: warning: ports {first}-{first + count - 1} overlap the kernel's ephemeral range {low}-{high}: while a node is down, an outgoing connection may take its port and its restart fail (event 4042); a --base-port below {low} avoids that");
        }

        var ports = Enumerable.Range(first, count).ToArray();
        foreach (var port in ports)
        {
            if (WhyTaken(port) is { } why)
            {
                throw new InvalidOperationException($"port {port} (of {first}-{first + count - 1}, from --base-port) cannot be bound: {why}");
            }
        }

        return ports;
    }

    /// <summary>
    /// Null when <paramref name="port"/> can be bound on every address, as a node's DICOM listener binds it (0.0.0.0);
    /// a port held on any one address (loopback or another) is taken.
    /// </summary>
    private static string? WhyTaken(int port)
    {
        var listener = new TcpListener(IPAddress.Any, port);
        try
        {
            listener.Start();
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Every node serves one certificate for 127.0.0.1: one that does not name it would leave the nodes unable to reach each other.</summary>
    private static void CheckCertificate(LocalGridTls? tls)
    {
        if (tls is null)
        {
            return;
        }

        X509Certificate2 certificate;
        try
        {
            (certificate, _) = PemFiles.LoadCertificate(tls.CertificateFile, tls.KeyFile);
        }
        catch (TlsMaterialException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        using var loaded = certificate;
        if (!certificate.MatchesHostname("127.0.0.1"))
        {
            throw new ArgumentException($"the certificate {tls.CertificateFile} ({certificate.Subject}) does not name 127.0.0.1 (an IP subject alternative name): the nodes call each other there");
        }
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32_768, 60_999); // Linux's default
        }
    }
}
