using Archive.Grid.Repair;

namespace Archive.Testing.Fakes;

/// <summary>The repair queue in memory; <see cref="CompleteAsync"/> removes the item as the durable queue does. Thread-safe.</summary>
public sealed class InMemoryRepairQueue : IRepairQueue
{
    private readonly Lock _lock = new();
    private readonly List<RepairItem> _items = [];

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public IReadOnlyList<RepairItem> Items
    {
        get
        {
            lock (_lock)
            {
                return _items.ToArray();
            }
        }
    }

    public ValueTask EnqueueAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _items.Add(item);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RepairItem>> PeekAsync(int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<RepairItem>>(_items.OrderBy(i => i.SurvivingShards).Take(max).ToArray());
        }
    }

    public ValueTask CompleteAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _items.Remove(item);
        }

        return ValueTask.CompletedTask;
    }
}
