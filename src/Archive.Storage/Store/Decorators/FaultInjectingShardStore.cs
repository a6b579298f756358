using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store.Decorators;

/// <summary>
/// Wraps a store and lets a test or a chaos drill inject outcomes (FASTER's SimulatedFlakyDevice):
/// before each operation the <c>plan</c> may return a status to answer instead of calling the inner
/// store (e.g. <see cref="ShardStatus.DiskFull"/> for puts, <see cref="ShardStatus.Corrupt"/> for reads),
/// or null to pass through. Thread-safe if the plan is. Does not own the inner store.
/// </summary>
public sealed class FaultInjectingShardStore : IShardStore
{
    private readonly IShardStore _inner;
    private readonly Func<StoreOperation, ShardKey, ShardStatus?> _plan;

    /// <summary>Creates the decorator.</summary>
    public FaultInjectingShardStore(IShardStore inner, Func<StoreOperation, ShardKey, ShardStatus?> plan)
    {
        _inner = inner;
        _plan = plan;
    }

    /// <inheritdoc />
    public ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return _plan(StoreOperation.Put, shard.Key) is { } status
            ? ValueTask.FromResult(new PutOutcome(status))
            : _inner.PutAsync(shard, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _plan(StoreOperation.Read, key) is { } status
            ? ValueTask.FromResult(new ReadOutcome(status, BadBlock: status == ShardStatus.Corrupt ? 0 : -1))
            : _inner.ReadAsync(key, offset, destination, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default) =>
        _plan(StoreOperation.Delete, key) is { } status ? ValueTask.FromResult(status) : _inner.DeleteAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default) =>
        _plan(StoreOperation.Verify, key) is { } status
            ? ValueTask.FromResult(new VerifyOutcome(status, status == ShardStatus.Corrupt ? RecordStatus.CorruptBlock : RecordStatus.Valid))
            : _inner.VerifyAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default) => _inner.GetManifestAsync(key, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, CancellationToken cancellationToken = default) => _inner.ListAsync(objectId, cancellationToken);

    /// <inheritdoc />
    public StoreHealth GetHealth() => _inner.GetHealth();
}
