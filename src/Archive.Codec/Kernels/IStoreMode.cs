namespace Archive.Codec.Kernels;

/// <summary>
/// Compile-time choice between cached stores and the streaming path (non-temporal stores to aligned
/// outputs, inputs prefetched ahead); kernels are generic over it so neither path pays a branch.
/// </summary>
internal interface IStoreMode
{
    /// <summary>How far ahead of the current position inputs are prefetched on the streaming path.</summary>
    const int PrefetchDistance = 1024;

    static abstract bool Streaming { get; }
}

internal readonly struct CachedStores : IStoreMode { public static bool Streaming => false; }

internal readonly struct StreamingStores : IStoreMode { public static bool Streaming => true; }
