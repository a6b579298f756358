namespace Archive.Cli.Commands.Status;

/// <summary>The <c>status --json</c> shape (fields are only ever added).</summary>
internal sealed record StatusReport(string Node, string ClusterId, long MapEpoch, bool Healthy, IReadOnlyList<string> Problems, NodeCounts Nodes, DiskCounts Disks, RepairSummary Repair, ScrubAge Scrub, CacheSummary Cache);

internal sealed record NodeCounts(int Total, int Up, int Suspect, int Down, int Unreachable);

/// <param name="Total">Disks reported by the reachable nodes plus <paramref name="Unreported"/>.</param>
/// <param name="Unreported">Disks the map names for nodes that could not be asked: their state is not known.</param>
internal sealed record DiskCounts(int Total, int Healthy, int Failed, int Refused, long FreeBytes, int Full, int Unreported);

/// <param name="Backlog">Repair items queued, summed over the nodes.</param>
/// <param name="ObjectsBelowFullRedundancy">Objects in those items, each counted once (null when a node did not say which).</param>
/// <param name="Unrecoverable">Object parts that cannot be rebuilt now, each counted once (null when a node did not say).</param>
internal sealed record RepairSummary(long Backlog, long? ObjectsBelowFullRedundancy = null, long? Unrecoverable = null);

internal sealed record CacheSummary(long Entries, long Bytes);
