using Archive.Node.Diagnostics;
using Archive.Node.Maps;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Formats the node's blank data disk directories (missing, or present without a label), except one that
/// looks like a disk left unmounted (<see cref="UnmountedDisks"/>), and describes the labelled ones. A labelled
/// disk is never touched; one labelled for another node, and a blank one not formatted, are left for the storage
/// engine to refuse. Not thread-safe per directory (start-up only).
/// </summary>
public static class DiskPreparation
{
    /// <summary>Formats blank directories when <paramref name="formatBlank"/>; returns the disks labelled for <paramref name="node"/>.</summary>
    public static IReadOnlyList<DiskDescriptor> Prepare(IReadOnlyList<string> roots, NodeId node, bool formatBlank, MountTable mounts, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(mounts);
        var resolved = roots.Select(root => (Root: root, Resolved: MountTable.Resolve(root))).ToArray();
        var disks = new List<DiskDescriptor>();
        foreach (var (root, path) in resolved)
        {
            var reason = DiskProbe.Probe(root, node, out var label);
            if (formatBlank && reason is DiskRefusalReason.Missing or DiskRefusalReason.Unformatted)
            {
                if (UnmountedDisks.Evidence(path, resolved.Where(r => r.Root != root), mounts) is { } evidence)
                {
                    // An empty mount point: formatting it would fill the filesystem beneath (the system's, perhaps).
                    logger.BlankDiskLooksUnmounted(root, evidence.Filesystem, evidence.Neighbour, evidence.NeighbourMount);
                    continue;
                }

                label = DiskFormatter.Format(root, node, time);
                logger.DiskFormatted(root, label.DiskId.ToString());
                reason = DiskRefusalReason.None;
            }

            if (reason == DiskRefusalReason.None && label is not null)
            {
                disks.Add(new DiskDescriptor(label.DiskId.ToString(), root, 1.0));
            }
        }

        return disks;
    }
}
