namespace Archive.Storage.Compaction;

/// <summary>How much of a sealed segment is still referenced by the index.</summary>
/// <param name="SegmentId">The segment.</param>
/// <param name="FileBytes">File length.</param>
/// <param name="LiveBytes">Bytes of records the index points at.</param>
public readonly record struct SegmentUsage(ulong SegmentId, long FileBytes, long LiveBytes)
{
    /// <summary>Fraction of the file that compaction would reclaim.</summary>
    public double DeadFraction => FileBytes <= 0 ? 0 : 1.0 - ((double)LiveBytes / FileBytes);
}
