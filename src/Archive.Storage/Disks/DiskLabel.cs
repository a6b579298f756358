using Archive.Storage.Primitives;

namespace Archive.Storage.Disks;

/// <summary>
/// Identity of a data disk, written once at format time (<see cref="DiskLabelCodec"/>). A disk is
/// recognised by its label wherever it is mounted; a label naming another node is refused.
/// </summary>
/// <param name="DiskId">The disk's own id.</param>
/// <param name="NodeId">The node the disk was formatted for.</param>
/// <param name="FormatMajor">Major version of the on-disk layout.</param>
/// <param name="FormatMinor">Minor version of the on-disk layout.</param>
/// <param name="CreatedAt">When the disk was formatted.</param>
public sealed record DiskLabel(DiskId DiskId, NodeId NodeId, byte FormatMajor, byte FormatMinor, DateTimeOffset CreatedAt);
