namespace Archive.Storage.Cache;

/// <summary>Outcome of a replica cache lookup. Values are stable.</summary>
public enum CacheLookup
{
    /// <summary>Found and its SHA-256 verified.</summary>
    Hit = 0,

    /// <summary>Not cached.</summary>
    Miss = 1,

    /// <summary>Cached but it failed verification: dropped (counted as a miss too).</summary>
    Corrupt = 2,
}
