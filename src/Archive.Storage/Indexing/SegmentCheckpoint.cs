using Archive.Storage.Primitives;

namespace Archive.Storage.Indexing;

/// <summary>
/// How far a segment is reflected in the index: every record before <see cref="IndexedLength"/> has
/// been applied. Recovery rescans only what follows. Written in the same index batch as the entries.
/// </summary>
public readonly record struct SegmentCheckpoint(DiskId Disk, ulong SegmentId, long IndexedLength);
