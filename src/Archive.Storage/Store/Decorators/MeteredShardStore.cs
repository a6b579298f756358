using System.Diagnostics;
using Archive.Storage.Diagnostics;
using Archive.Storage.Primitives;
using Archive.Storage.Records;

namespace Archive.Storage.Store.Decorators;

/// <summary>
/// Records the duration of every put, read, delete and verify in
/// <c>archive.storage.operation.duration</c>, tagged <c>operation</c> and <c>status</c>. Used around
/// any <see cref="IShardStore"/> (local, or the remote client at the gRPC edge). Thread-safe;
/// does not own the inner store.
/// </summary>
public sealed class MeteredShardStore : IShardStore
{
    private readonly IShardStore _inner;
    private readonly StorageMetrics _metrics;

    /// <summary>Creates the decorator.</summary>
    public MeteredShardStore(IShardStore inner, StorageMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    /// <inheritdoc />
    public async ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        var outcome = await _inner.PutAsync(shard, cancellationToken).ConfigureAwait(false);
        Record(StoreOperation.Put, outcome.Status, start);
        return outcome;
    }

    /// <inheritdoc />
    public async ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        var outcome = await _inner.ReadAsync(key, offset, destination, cancellationToken).ConfigureAwait(false);
        Record(StoreOperation.Read, outcome.Status, start);
        return outcome;
    }

    /// <inheritdoc />
    public async ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        var status = await _inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        Record(StoreOperation.Delete, status, start);
        return status;
    }

    /// <inheritdoc />
    public async ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        var outcome = await _inner.VerifyAsync(key, cancellationToken).ConfigureAwait(false);
        Record(StoreOperation.Verify, outcome.Status, start);
        return outcome;
    }

    /// <inheritdoc />
    public ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default) => _inner.GetManifestAsync(key, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, CancellationToken cancellationToken = default) => _inner.ListAsync(objectId, cancellationToken);

    /// <inheritdoc />
    public StoreHealth GetHealth() => _inner.GetHealth();

    private void Record(StoreOperation operation, ShardStatus status, long start) =>
        _metrics.OperationDuration.Record(
            Stopwatch.GetElapsedTime(start).TotalSeconds,
            new KeyValuePair<string, object?>("operation", OperationName(operation)),
            new KeyValuePair<string, object?>("status", StatusName(status)));

    private static string OperationName(StoreOperation operation) => operation switch
    {
        StoreOperation.Put => "put",
        StoreOperation.Read => "read",
        StoreOperation.Delete => "delete",
        _ => "verify",
    };

    private static string StatusName(ShardStatus status) => status switch
    {
        ShardStatus.Ok => "ok",
        ShardStatus.NotFound => "not_found",
        ShardStatus.Corrupt => "corrupt",
        ShardStatus.Missing => "missing",
        ShardStatus.Unavailable => "unavailable",
        ShardStatus.DiskFull => "disk_full",
        ShardStatus.NoWritableDisk => "no_writable_disk",
        _ => "invalid",
    };
}
