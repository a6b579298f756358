using System.Globalization;
using System.Text.Json;
using Archive.Bench.Grid;
using Archive.Grid.Grpc;
using Archive.Grid.Grpc.Client;
using Archive.Grid.Grpc.Security;
using Archive.Tools.LocalGrid;

// grid-bench --nodes N [--disks D] [--quick] [--dir DIR]
//   N = 6: a local 6-node ec-4-2 grid (2 disks each); N = 1: single-node mode (one node, 6 disks).
//   Prints one JSON object per phase: mode, phase, object_bytes, objects, concurrency, seconds,
//   mb_per_s, objects_per_s, failures, then one per node with its peak and current RSS.
int nodes = 6, disks = 0;
var quick = false;
var directory = Path.Combine(Path.GetTempPath(), "archive-grid-bench-" + Guid.NewGuid().ToString("N")[..8]);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--nodes": nodes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--disks": disks = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--quick": quick = true; break;
        case "--dir": directory = Path.GetFullPath(args[++i]); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var binary = Environment.GetEnvironmentVariable("ARCHIVE_NODE_BIN") ?? throw new InvalidOperationException("set ARCHIVE_NODE_BIN (bench/run grid does)");
var mode = nodes == 1 ? "single-node" : $"{nodes}-node";
var grid = await LocalGridCluster.UpAsync(new LocalGridOptions
{
    Nodes = nodes,
    DisksPerNode = disks > 0 ? disks : nodes == 1 ? 6 : 2,
    Directory = directory,
    NodeBinary = binary,
    Settings = new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" },
});
try
{
    var options = new GrpcEdgeOptions { ClusterId = "local", ClusterSecret = "local-grid-secret", SpoolDirectory = Path.GetTempPath(), CallTimeout = TimeSpan.FromMinutes(10) };
    var channels = grid.Nodes.Select(n => new PeerChannel(n.Id, n.GrpcUrl, new ClusterIdentity("local", "local-grid-secret"), options, TimeProvider.System)).ToArray();
    var clients = channels.Select(c => new ObjectClient(c)).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(3)); // first heartbeats

    // Warm-up: compile the write and read paths in every process before measuring.
    await ObjectLoad.WriteAsync(clients, "warm", 512 * 1024, clients.Length * 4, 2);
    await ObjectLoad.ReadAsync(clients, "warm", 512 * 1024, clients.Length * 4, 2);

    var shapes = quick
        ? new[] { (Size: 512 * 1024, Count: 200, Concurrency: 8), (Size: 50 * 1024 * 1024, Count: 6, Concurrency: 2) }
        : [(512 * 1024, 1000, 8), (50 * 1024 * 1024, 20, 2)];
    foreach (var (size, count, concurrency) in shapes)
    {
        var prefix = $"s{size}";
        foreach (var result in new[] { await ObjectLoad.WriteAsync(clients, prefix, size, count, concurrency), await ObjectLoad.ReadAsync(clients, prefix, size, count, concurrency) })
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["mode"] = mode, ["phase"] = result.Phase, ["object_bytes"] = result.ObjectBytes, ["objects"] = result.Objects,
                ["concurrency"] = result.Concurrency, ["seconds"] = Math.Round(result.Seconds, 2), ["mb_per_s"] = Math.Round(result.MegabytesPerSecond, 1),
                ["objects_per_s"] = Math.Round(result.ObjectsPerSecond, 1), ["failures"] = result.Failures,
            }));
        }
    }

    foreach (var node in grid.Nodes)
    {
        var status = File.ReadAllLines($"/proc/{node.Pid}/status");
        long Kb(string key) => long.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["mode"] = mode, ["node"] = node.Id, ["rss_peak_mb"] = Kb("VmHWM") / 1024, ["rss_mb"] = Kb("VmRSS") / 1024 }));
    }

    foreach (var channel in channels)
    {
        channel.Dispose();
    }
}
finally
{
    await grid.DownAsync();
    Directory.Delete(directory, recursive: true);
}

return 0;
