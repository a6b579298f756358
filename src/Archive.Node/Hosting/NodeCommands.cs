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
    /// <summary>
    /// <c>archive-node init [options]</c>: returns the exit code. Holds the node's home and disk locks throughout, as a
    /// running node does (sweep N: it formatted a disk a running node had refused), and changes nothing unless every data
    /// disk can be labelled for this node.
    /// </summary>
    public static int Init(NodeSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        DirectoryLock? homeLock = null;
        var diskLocks = new List<DirectoryLock>();
        try
        {
            if (!DirectoryLock.TryTake(settings.Home, out homeLock))
            {
                error.WriteLine(DirectoryLock.IsHeldByAnother(settings.Home)
                    ? $"init: node home {settings.Home} is in use by another archive-node process; stop it first"
                    : $"init: node home {settings.Home} is not writable");
                return 1;
            }

            // And each disk's, as a running node holds them: one started with another home has them (sweep W2).
            foreach (var root in settings.DataDisks.Where(Directory.Exists))
            {
                if (!DirectoryLock.TryTake(root, out var held))
                {
                    error.WriteLine(DirectoryLock.IsHeldByAnother(root)
                        ? $"init: data disk {root} is in use by another archive-node process; stop it first"
                        : $"init: data disk {root} is not writable");
                    return 1;
                }

                diskLocks.Add(held!);
            }

            var node = StorageNodeIds.Of(settings.NodeId);
            var mounts = MountTable.ReadCurrent();
            if (DiskPreparation.Unusable(settings.DataDisks, node, mounts) is { Count: > 0 } unusable)
            {
                error.WriteLine($"init: {unusable.Count} of {settings.DataDisks.Count} data disks cannot be labelled for node '{settings.NodeId}', so nothing was formatted:");
                foreach (var why in unusable)
                {
                    error.WriteLine("  " + why);
                }

                return 1;
            }

            // Formatting is said on stderr: stdout carries only the descriptor line.
            using var loggers = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var disks = DiskPreparation.Prepare(settings.DataDisks, node, formatBlank: true, mounts, TimeProvider.System, loggers.CreateLogger("init"));
            var descriptor = new NodeDescriptor(settings.NodeId, settings.AdvertisedAddress, settings.Site, settings.Rack, disks.Labelled);
            output.WriteLine(JsonSerializer.Serialize(descriptor, NodeDescriptorJson.Default.NodeDescriptor));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A home or disk directory that cannot be created or written (sweep N: a stack trace, exit 134).
            error.WriteLine($"init: {e.Message}");
            return 1;
        }
        finally
        {
            diskLocks.ForEach(l => l.Dispose());
            homeLock?.Dispose();
        }
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
            var option = args[i];
            if (option.StartsWith("--", StringComparison.Ordinal) && i + 1 >= args.Count)
            {
                error.WriteLine($"new-map: {option} needs a value");
                return 2;
            }

            switch (option)
            {
                case "--out": output = args[++i]; break;
                case "--cluster": cluster = args[++i]; break;
                case "--class": defaultClass = args[++i]; break;
                case "--small-class": smallClass = args[++i]; break;
                case "--small-threshold" when long.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes):
                    threshold = bytes;
                    i++;
                    break;
                case "--small-threshold":
                    error.WriteLine($"new-map: --small-threshold '{args[i + 1]}' is not a number of bytes");
                    return 2;
                case var unknown when unknown.StartsWith("--", StringComparison.Ordinal):
                    error.WriteLine($"new-map: unknown option {unknown}\n{NewMapUsage}");
                    return 2;
                default: files.Add(option); break;
            }
        }

        if (output is null || files.Count == 0)
        {
            error.WriteLine(NewMapUsage);
            return 2;
        }

        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            error.WriteLine($"new-map: no such descriptor file: {missing}");
            return 2;
        }

        if (ReadDescriptors(files, error) is not { } nodes)
        {
            return 2;
        }

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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"new-map: cannot write {output}: {e.Message}");
            return 1;
        }
    }

    /// <summary>How new-map is called (its --help, and the answer to a call without --out or descriptors).</summary>
    public const string NewMapUsage = "usage: archive-node new-map --out PATH [--cluster ID] [--class ec-4-2] [--small-class rep-3|none] [--small-threshold BYTES] DESCRIPTOR-FILES...\n"
        + "  Writes an epoch-1 grid map naming every node of the descriptor files: JSON lines printed by `archive-node init` on each node.";

    /// <summary>The descriptors of <paramref name="files"/>, one JSON line each; null after saying which line of which file is not one.</summary>
    private static NodeDescriptor[]? ReadDescriptors(IEnumerable<string> files, TextWriter error)
    {
        var nodes = new List<NodeDescriptor>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var n = 0; n < lines.Length; n++)
            {
                if (string.IsNullOrWhiteSpace(lines[n]))
                {
                    continue;
                }

                NodeDescriptor? node;
                try
                {
                    node = JsonSerializer.Deserialize(lines[n], NodeDescriptorJson.Default.NodeDescriptor);
                }
                catch (JsonException e)
                {
                    error.WriteLine($"new-map: {file} line {n + 1} is not a node descriptor (a JSON line from archive-node init): {e.Message}");
                    return null;
                }

                if (node is null || string.IsNullOrWhiteSpace(node.Id) || string.IsNullOrWhiteSpace(node.Address) || node.Disks is null || node.Site is null || node.Rack is null)
                {
                    error.WriteLine($"new-map: {file} line {n + 1} lacks id, address, site, rack or disks (a JSON line from archive-node init has them all)");
                    return null;
                }

                nodes.Add(node);
            }
        }

        return [.. nodes];
    }
}
