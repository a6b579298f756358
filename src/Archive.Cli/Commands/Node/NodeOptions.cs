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

        // One directory per --disk: taking several let a mistyped option (--json) pass for a disk (sweep U).
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Node() => new("--node") { Description = "The node the disks must belong to: its grid id (node-5) or the 32 hex digits its disk labels carry; disks of another node are refused." };

    public static bool TryParseNode(string? text, out NodeId? node, TextWriter error)
    {
        node = null;
        if (text is null)
        {
            return true;
        }

        if (Guid.TryParse(text, out var guid))
        {
            node = new NodeId(guid);
            return true;
        }

        // A grid node id (what the map, archive-node --id and every other command use): its labels carry its hash.
        if (text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            node = Archive.Grid.Grpc.Peers.StorageNodeIds.Of(text);
            return true;
        }

        error.WriteLine($"not a node id: {text} (a grid node id such as node-5, or 32 hex digits)");
        return false;
    }

    /// <summary>
    /// Probes and locks every disk; all must be accepted and belong to one node. Prints the reason for each
    /// refused disk (a disk a running node holds is refused). The caller disposes the returned disks.
    /// </summary>
    public static bool TryOpenDisks(string[] roots, NodeId? node, TextWriter error, out List<DataDisk> disks)
    {
        disks = [];
        bool ok = true;
        foreach (var root in roots)
        {
            var reason = DataDisk.TryOpen(root, node, out var disk, out var label);
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
                disk?.Dispose();
                error.WriteLine(reason is DiskRefusalReason.InUse or DiskRefusalReason.UnsupportedSegmentFormat
                    ? $"{root}: refused ({reason}): {DataDisk.Describe(root, reason)}"
                    : $"{root}: refused ({reason})");
                ok = false;
                continue;
            }

            disks.Add(disk!);
        }

        return ok;
    }
}
