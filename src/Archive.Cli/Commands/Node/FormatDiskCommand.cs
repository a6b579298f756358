using System.CommandLine;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;

namespace Archive.Cli.Commands.Node;

/// <summary><c>archivectl node format-disk --disk DIR --node ID</c>: writes a new label on an empty mount directory.</summary>
public static class FormatDiskCommand
{
    public static Command Build()
    {
        var disks = NodeOptions.Disks();
        var node = new Option<string>("--node") { Description = "The node id the disks will belong to (32 hex digits).", Required = true };
        var command = new Command("format-disk", "Label empty data disks for a node (refuses a disk that already has a label or segments).");
        command.Options.Add(disks);
        command.Options.Add(node);
        command.SetAction(parseResult =>
            Run(parseResult.GetValue(disks)!, parseResult.GetValue(node)!, TimeProvider.System, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string[] roots, string nodeText, TimeProvider time, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!NodeOptions.TryParseNode(nodeText, out var node, error))
        {
            return ExitCodes.Usage;
        }

        int status = ExitCodes.Ok;
        foreach (var root in roots)
        {
            try
            {
                var label = DiskFormatter.Format(root, node!.Value, time);
                output.WriteLine($"{root}: formatted disk {label.DiskId} for node {label.NodeId}");
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{root}: {e.Message}");
                status = ExitCodes.Failed;
            }
        }

        return status;
    }
}
