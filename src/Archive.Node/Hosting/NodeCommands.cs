using System.Text.Json;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Map;
using Archive.Node.Maps;
using Archive.Node.Options;
using Archive.Storage.Disks;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// The sub-commands besides running: <c>init</c> (format this node's blank disks and print its
/// <see cref="NodeDescriptor"/> as one JSON line) and <c>new-map</c> (write an epoch-1 grid map
/// from descriptor files). Used by tools/local-grid to assemble a grid whose map names every
/// node's real disk label ids.
/// </summary>
public static class NodeCommands
{
    /// <summary><c>archive-node init [options]</c>: returns the exit code.</summary>
    public static int Init(NodeSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        // A directory that looks like a disk left unmounted is not formatted here either: the reason goes to stderr.
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var disks = DiskPreparation.Prepare(settings.DataDisks, StorageNodeIds.Of(settings.NodeId), formatBlank: true, MountTable.ReadCurrent(), TimeProvider.System, loggers.CreateLogger("init"));
        if (disks.Count != settings.DataDisks.Count)
        {
            Console.Error.WriteLine($"init: only {disks.Count} of {settings.DataDisks.Count} data disks are labelled for node '{settings.NodeId}'");
            return 1;
        }

        var descriptor = new NodeDescriptor(settings.NodeId, settings.AdvertisedAddress, settings.Site, settings.Rack, disks);
        output.WriteLine(JsonSerializer.Serialize(descriptor, NodeDescriptorJson.Default.NodeDescriptor));
        return 0;
    }

    /// <summary>
    /// <c>archive-node new-map --out PATH --cluster ID --class ec-4-2 [--small-class rep-3]
    /// [--small-threshold 65536] DESCRIPTORS...</c> where each descriptor file holds JSON lines
    /// from <c>init</c>. Returns the exit code.
    /// </summary>
    public static int NewMap(IReadOnlyList<string> args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        string? output = null, cluster = "local", defaultClass = "ec-4-2", smallClass = "rep-3";
        long threshold = 64 * 1024;
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out": output = Next(); break;
                case "--cluster": cluster = Next(); break;
                case "--class": defaultClass = Next(); break;
                case "--small-class": smallClass = Next(); break;
                case "--small-threshold": threshold = long.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: files.Add(args[i]); break;
            }
        }

        if (output is null || files.Count == 0)
        {
            error.WriteLine("usage: archive-node new-map --out PATH [--cluster ID] [--class ec-4-2] [--small-class rep-3|none] [--small-threshold BYTES] DESCRIPTOR-FILES...");
            return 2;
        }

        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            error.WriteLine($"new-map: no such descriptor file: {missing}");
            return 2;
        }

        var nodes = files.SelectMany(File.ReadAllLines)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize(line, NodeDescriptorJson.Default.NodeDescriptor) ?? throw new InvalidDataException("empty node descriptor"))
            .ToArray();
        try
        {
            var map = GridMapFactory.Create(cluster, nodes, defaultClass, smallClass == "none" ? null : smallClass, threshold);
            GridMapFile.Write(output, map);
            return 0;
        }
        catch (GridMapException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        catch (ArgumentException e)
        {
            // A storage class it cannot take (rep-1, ec-4-0...): one line, not a stack trace (sweep V).
            error.WriteLine($"new-map: {(e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message)}");
            return 2;
        }
    }
}
