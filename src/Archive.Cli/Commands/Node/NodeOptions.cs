using System.CommandLine;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;

namespace Archive.Cli.Commands.Node;

/// <summary>Options and disk opening shared by the node commands.</summary>
internal static class NodeOptions
{
    public static Option<string[]> Disks() => new("--disk")
    {
        Description = "A data disk mount directory (repeat for each disk).",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Node() => new("--node") { Description = "The node id the disks must belong to (32 hex digits); disks of another node are refused." };

    public static bool TryParseNode(string? text, out NodeId? node, TextWriter error)
    {
        node = null;
        if (text is null)
        {
            return true;
        }

        if (!Guid.TryParse(text, out var guid))
        {
            error.WriteLine($"not a node id: {text}");
            return false;
        }

        node = new NodeId(guid);
        return true;
    }

    /// <summary>
    /// Probes every disk; all must be accepted and belong to one node. Prints the reason for each
    /// refused disk. The caller disposes the returned disks.
    /// </summary>
    public static bool TryOpenDisks(string[] roots, NodeId? node, TextWriter error, out List<DataDisk> disks)
    {
        disks = [];
        bool ok = true;
        foreach (var root in roots)
        {
            var reason = DiskProbe.Probe(root, node, out var label);
            if (reason == DiskRefusalReason.None && disks.Any(d => d.Id == label!.DiskId))
            {
                reason = DiskRefusalReason.DuplicateDisk;
            }

            if (reason == DiskRefusalReason.None && disks.Count > 0 && disks[0].Label.NodeId != label!.NodeId)
            {
                reason = DiskRefusalReason.ForeignNode;
            }

            if (reason != DiskRefusalReason.None)
            {
                error.WriteLine($"{root}: refused ({reason})");
                ok = false;
                continue;
            }

            disks.Add(new DataDisk(root, label!));
        }

        return ok;
    }
}
