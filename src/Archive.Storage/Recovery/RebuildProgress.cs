namespace Archive.Storage.Recovery;

/// <summary>Progress of an offline index rebuild.</summary>
/// <param name="BytesScanned">Segment bytes read so far.</param>
/// <param name="TotalBytes">Segment bytes to read in all.</param>
/// <param name="Records">Records applied so far.</param>
/// <param name="Segments">Segments finished.</param>
public readonly record struct RebuildProgress(long BytesScanned, long TotalBytes, long Records, int Segments);
