using System.Collections.Concurrent;

namespace Archive.Codec.ReedSolomon;

/// <summary>
/// Bounded, thread-safe cache of decode plans per erasure pattern. When full it is emptied and refilled:
/// patterns are few in practice (a handful of failed disks at a time), so this keeps memory bounded
/// without LRU bookkeeping on the read path.
/// </summary>
internal sealed class DecodePlanCache(int capacity)
{
    private readonly ConcurrentDictionary<ErasureKey, DecodePlan> _plans = new();

    public int Count => _plans.Count;

    public bool TryGet(ErasureKey key, out DecodePlan plan) => _plans.TryGetValue(key, out plan!);

    public void Add(ErasureKey key, DecodePlan plan)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (_plans.Count >= capacity)
        {
            _plans.Clear();
        }

        _plans.TryAdd(key, plan);
    }
}
