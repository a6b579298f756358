using System.Collections.Concurrent;
using Archive.Grid.Writing;

namespace Archive.Testing.Fakes;

/// <summary>A node's deferred compression queue in memory, keyed as the RocksDB one is.</summary>
public sealed class InMemoryDeferredCompressionQueue : IDeferredCompressionQueue
{
    private readonly ConcurrentDictionary<(long Due, string Sha, string Name, DeferredStep Step), DeferredCompressionItem> _items = new();

    public long Count => _items.Count;

    public IReadOnlyList<DeferredCompressionItem> Items => [.. _items.Values];

    public ValueTask EnqueueAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default)
    {
        _items[KeyOf(item)] = item;
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DeferredCompressionItem>> PeekDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<DeferredCompressionItem>>(
            _items.Where(i => i.Key.Due <= now.ToUnixTimeMilliseconds()).OrderBy(i => i.Key.Due).Take(max).Select(i => i.Value).ToArray());

    public ValueTask CompleteAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default)
    {
        _items.TryRemove(KeyOf(item), out _);
        return ValueTask.CompletedTask;
    }

    private static (long, string, string, DeferredStep) KeyOf(DeferredCompressionItem item) =>
        (item.Due.ToUnixTimeMilliseconds(), item.Manifest.Sha256.ToString(), item.Manifest.ObjectName, item.Step);
}
