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
    /// <summary>Formats blank directories when <paramref name="formatBlank"/>; returns the disks labelled for <paramref name="node"/> and the blank ones held back.</summary>
    public static PreparedDisks Prepare(IReadOnlyList<string> roots, NodeId node, bool formatBlank, MountTable mounts, TimeProvider time, ILogger logger)
    {
        var disks = new List<DiskDescriptor>();
        var heldBack = new List<string>();
        foreach (var disk in Survey(roots, node, mounts))
        {
            var label = disk.Label;
            if (formatBlank && disk.IsBlank)
            {
                if (disk.Unmounted is { } evidence)
                {
                    // An empty mount point: formatting it would fill the filesystem beneath (the system's, perhaps).
                    logger.BlankDiskLooksUnmounted(disk.Root, evidence.Filesystem, evidence.Neighbour, evidence.NeighbourMount);
                    heldBack.Add(disk.Root);
                    continue;
                }

                label = DiskFormatter.Format(disk.Root, node, time);
                logger.DiskFormatted(disk.Root, label.DiskId.ToString());
            }

            if (label is not null)
            {
                disks.Add(new DiskDescriptor(label.DiskId.ToString(), disk.Root, 1.0));
            }
        }

        return new PreparedDisks(disks, heldBack);
    }

    /// <summary>
    /// Each directory that <see cref="Prepare"/> with formatting would leave without a label for <paramref name="node"/>,
    /// and why, in words an operator acts on: a disk of another node, a damaged label, an unmounted disk. Nothing is changed.
    /// </summary>
    public static IReadOnlyList<string> Unusable(IReadOnlyList<string> roots, NodeId node, MountTable mounts) =>
        Survey(roots, node, mounts)
            .Where(d => d.Label is null && (!d.IsBlank || d.Unmounted is not null))
            .Select(d => d.Unmounted is { } evidence
                ? $"{d.Root}: blank, and on the filesystem mounted at {evidence.Filesystem}, which {evidence.Neighbour} is mounted over: its own disk looks unmounted (mount it, or format it on purpose with archivectl node format-disk)"
                : $"{d.Root}: {DataDisk.Describe(d.Root, d.Reason)}")
            .ToArray();

    private static IEnumerable<SurveyedDisk> Survey(IReadOnlyList<string> roots, NodeId node, MountTable mounts)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(mounts);
        var resolved = roots.Select(root => (Root: root, Resolved: MountTable.Resolve(root))).ToArray();
        foreach (var (root, path) in resolved)
        {
            var reason = DiskProbe.Probe(root, node, out var label);
            var blank = reason is DiskRefusalReason.Missing or DiskRefusalReason.Unformatted;
            var unmounted = blank ? UnmountedDisks.Evidence(path, resolved.Where(r => r.Root != root), mounts) : null;
            yield return new SurveyedDisk(root, reason, reason == DiskRefusalReason.None ? label : null, blank, unmounted);
        }
    }

    private sealed record SurveyedDisk(string Root, DiskRefusalReason Reason, DiskLabel? Label, bool IsBlank, UnmountedEvidence? Unmounted);
}

/// <summary>What start-up made of the data disk directories: those labelled for the node, and the blank ones held back as looking unmounted.</summary>
public sealed record PreparedDisks(IReadOnlyList<DiskDescriptor> Labelled, IReadOnlyList<string> LooksUnmounted);
