using Archive.Grid.Repair;
using RocksDbSharp;

namespace Archive.Index.Repair;

/// <summary>
/// The durable repair queue in the <c>repair</c> column family of the <see cref="GridDatabase"/>
/// (<see cref="RepairItemCodec"/> for keys and values). An enqueue is synced before it returns;
/// enqueueing an item already queued changes nothing. <see cref="Count"/> is counted once at open
/// and kept in memory. Thread-safe (one gate orders the existence check with the write); does not
/// own the database.
/// </summary>
public sealed class RocksRepairQueue : IRepairQueue
{
    private readonly GridDatabase _database;
    private readonly Lock _gate = new();
    private long _count;

    public RocksRepairQueue(GridDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        using var iterator = database.Db.NewIterator(database.Repair);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
        {
            _count++;
        }
    }

    /// <inheritdoc />
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public ValueTask EnqueueAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var value = RepairItemCodec.Encode(item);
        var key = RepairItemCodec.Key(item, value);
        lock (_gate)
        {
            if (_database.Db.Get(key, _database.Repair) is null)
            {
                _database.Db.Put(key, value, _database.Repair, _database.Durable);
                _count++;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RepairItem>> PeekAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var items = new List<RepairItem>(Math.Min(max, 1024));
        using var iterator = _database.Db.NewIterator(_database.Repair);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow() && items.Count < max; iterator.Next())
        {
            items.Add(RepairItemCodec.Decode(iterator.Value()));
        }

        return ValueTask.FromResult<IReadOnlyList<RepairItem>>(items);
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var value = RepairItemCodec.Encode(item);
        var key = RepairItemCodec.Key(item, value);
        lock (_gate)
        {
            if (_database.Db.Get(key, _database.Repair) is not null)
            {
                _database.Db.Remove(key, _database.Repair, _database.Durable);
                _count--;
            }
        }

        return ValueTask.CompletedTask;
    }
}
