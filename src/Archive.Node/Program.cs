using Archive.Codec.SelfTest;
using Archive.Grid.Map;
using Archive.Node.Hosting;
using Archive.Node.Options;

// archive-node [run] [options]      run the node (no arguments: single-node archive with embedded defaults)
// archive-node init [options]       format blank data disks, print this node's descriptor (JSON line)
// archive-node new-map ...          write a grid map from node descriptors (see NodeCommands.NewMap)
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
if (args.Any(a => a is "--help" or "-h" or "-?") || (args.Length > 0 && args[0] == "help"))
{
    // Never start (and so format disks) when help was asked for.
    Console.Out.WriteLine(command switch
    {
        "new-map" => NodeCommands.NewMapUsage,
        "init" => InitUsage,
        _ => UsageText,
    });
    Console.Out.WriteLine("Every setting and its default: src/Archive.Node/archive-node.defaults.json (embedded in this binary).");
    return 0;
}

NodeSettings? settings = null;
try
{
    if (command == "new-map")
    {
        return NodeCommands.NewMap(rest, Console.Error);
    }

    Archive.Node.Diagnostics.SecurityChecks.RestrictFileModes();
    var configuration = NodeSettingsLoader.Build(rest, Environment.GetEnvironmentVariable);
    settings = NodeSettingsLoader.Load(configuration, Environment.CurrentDirectory);
    return command switch
    {
        "run" => await NodeHost.RunAsync(settings, configuration),
        "init" => NodeCommands.Init(settings, Console.Out, Console.Error),
        _ => Usage(),
    };
}
catch (NodeConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (GridMapException e)
{
    Console.Error.WriteLine("grid map: " + e.Message);
    return 2;
}
catch (CodecSelfTestException e)
{
    Console.Error.WriteLine("codec self-test failed, refusing to start: " + e.Message);
    return 3;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Node:GrpcUrl or Node:HttpUrl taken (another node, or the last one still stopping): worth a restart.
    var key = settings is null ? "Node:GrpcUrl or Node:HttpUrl" : e.Message.Contains(settings.HttpUrl, StringComparison.OrdinalIgnoreCase) ? "Node:HttpUrl" : "Node:GrpcUrl";
    Console.Error.WriteLine($"cannot listen on {key}: {e.Message}");
    return 1;
}
catch (IOException e) when (Archive.Storage.Io.IoErrors.IsDiskFull(e))
{
    // Sweep C2: a fast directory out of space or inodes at start ended in an unhandled exception (exit 134, restarted for ever).
    Console.Error.WriteLine($"no space left to start the node: {e.Message}; free space (or inodes) on that filesystem and start again");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine(UsageText);
    return 2;
}

public partial class Program
{
    private const string UsageText = "usage: archive-node [run|init|new-map] [--config FILE] [--id ID] [--home DIR] [--map FILE] [--grpc URL] [--http URL] [--Section:Key=value ...]\n"
        + "  archive-node init --help, archive-node new-map --help: what those do.";

    private const string InitUsage = "usage: archive-node init [--config FILE] [--id ID] [--home DIR] [--Section:Key=value ...]\n"
        + "  Formats this node's blank data disks (Node:DataDisks) and prints its map entry as one JSON line (for new-map, or to\n"
        + "  append to a running grid's map). Refused while a node runs on that home; changes nothing unless every data disk\n"
        + "  can be labelled for this node (a disk of another node, a damaged label or a disk that looks unmounted is named).";
}
