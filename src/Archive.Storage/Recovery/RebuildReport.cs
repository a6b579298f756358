namespace Archive.Storage.Recovery;

/// <summary>What an offline rebuild found.</summary>
/// <param name="Disks">Disks scanned.</param>
/// <param name="Segments">Segment files scanned.</param>
/// <param name="Records">Valid records applied.</param>
/// <param name="Bytes">Segment bytes read.</param>
/// <param name="InvalidTails">Segments with bytes after their last valid record (torn or corrupt).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record RebuildReport(int Disks, int Segments, long Records, long Bytes, int InvalidTails, TimeSpan Elapsed);
