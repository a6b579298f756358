using System.Collections.Concurrent;
using Archive.Grid.Repair;

namespace Archive.Testing.Fakes;

public sealed class InMemoryRepairQueue : IRepairQueue
{
    private readonly ConcurrentQueue<RepairItem> _items = new();

    public long Count => _items.Count;

    public IReadOnlyList<RepairItem> Items => _items.ToArray();

    public ValueTask EnqueueAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        _items.Enqueue(item);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RepairItem>> PeekAsync(int max, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<RepairItem>>(_items.OrderBy(i => i.SurvivingShards).Take(max).ToArray());

    public ValueTask CompleteAsync(RepairItem item, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
