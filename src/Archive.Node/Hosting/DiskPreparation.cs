using Archive.Node.Diagnostics;
using Archive.Node.Maps;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Node.Hosting;

/// <summary>
/// Formats the node's blank data disk directories (missing, or present without a label) and
/// describes the labelled ones. A labelled disk is never touched; one labelled for another node
/// is left for the storage engine to refuse. Not thread-safe per directory (start-up only).
/// </summary>
public static class DiskPreparation
{
    /// <summary>Formats blank directories when <paramref name="formatBlank"/>; returns the disks labelled for <paramref name="node"/>.</summary>
    public static IReadOnlyList<DiskDescriptor> Prepare(IReadOnlyList<string> roots, NodeId node, bool formatBlank, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var disks = new List<DiskDescriptor>();
        foreach (var root in roots)
        {
            var reason = DiskProbe.Probe(root, node, out var label);
            if (formatBlank && reason is DiskRefusalReason.Missing or DiskRefusalReason.Unformatted)
            {
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
