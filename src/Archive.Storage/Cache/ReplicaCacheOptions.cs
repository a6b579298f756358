namespace Archive.Storage.Cache;

/// <summary>Replica cache options. Immutable.</summary>
public sealed record ReplicaCacheOptions
{
    /// <summary>Cache directory on the fast disk (see <see cref="Layout.StoragePaths.CacheDirectory"/>).</summary>
    public required string Directory { get; init; }

    /// <summary>Upper bound on the bytes of cached files (default 1 GiB).</summary>
    public long CapacityBytes { get; init; } = 1L << 30;

    /// <summary>Objects larger than this are never cached (default a quarter of the capacity).</summary>
    public long? MaxObjectBytes { get; init; }

    /// <summary>A segment file takes appends until it holds this many bytes (default a 32nd of the capacity, 1–64 MiB): eviction drops a segment at a time.</summary>
    public long? SegmentBytes { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> on a bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory) || CapacityBytes <= 0 || MaxObjectBytes is <= 0 || SegmentBytes is <= 0)
        {
            throw new ArgumentException("Replica cache needs a directory and a positive capacity (and positive entry and segment limits when given).");
        }
    }
}
