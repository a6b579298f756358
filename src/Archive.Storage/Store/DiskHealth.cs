using Archive.Storage.Disks;
using Archive.Storage.Primitives;

namespace Archive.Storage.Store;

/// <summary>Health of one configured data disk.</summary>
/// <param name="Root">Mount directory.</param>
/// <param name="Disk">Id from its label (null when refused before reading one).</param>
/// <param name="State">Healthy, failed or refused.</param>
/// <param name="Refusal">Why it was refused at start, if it was.</param>
/// <param name="Failure">Why it failed while running, if it did.</param>
/// <param name="FreeBytes">Free bytes on its filesystem (-1 when unknown).</param>
/// <param name="SharedFilesystem">The device ("major:minor") of its filesystem when other data disks of the node are on it
/// too (their free bytes are the same bytes, counted once); null when it has one of its own.</param>
public sealed record DiskHealth(string Root, DiskId? Disk, DiskState State, DiskRefusalReason Refusal, string? Failure, long FreeBytes, string? SharedFilesystem = null);
