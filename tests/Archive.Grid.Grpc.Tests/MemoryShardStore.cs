using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Grid.Grpc.Tests;

/// <summary>An in-memory shard store: the gRPC edge is under test, not storage.</summary>
internal sealed class MemoryShardStore : IShardStore
{
    public static readonly DiskId Disk = new(Guid.Parse("0badc0de-0000-4000-8000-000000000001"));

    private readonly ConcurrentDictionary<ShardKey, (ObjectManifest Manifest, byte[] Data)> _shards = new();

    public int Count => _shards.Count;

    public ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        _shards[shard.Key] = (shard.Manifest, shard.Data.ToArray());
        return ValueTask.FromResult(new PutOutcome(ShardStatus.Ok, Disk));
    }

    public ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!_shards.TryGetValue(key, out var shard))
        {
            return ValueTask.FromResult(new ReadOutcome(ShardStatus.NotFound));
        }

        var count = (int)Math.Max(0, Math.Min(destination.Length, shard.Data.Length - offset));
        shard.Data.AsSpan((int)Math.Min(offset, shard.Data.Length), count).CopyTo(destination.Span);
        return ValueTask.FromResult(new ReadOutcome(ShardStatus.Ok, count, shard.Data.Length));
    }

    public ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_shards.TryRemove(key, out _) ? ShardStatus.Ok : ShardStatus.NotFound);

    public ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_shards.ContainsKey(key) ? new VerifyOutcome(ShardStatus.Ok) : new VerifyOutcome(ShardStatus.NotFound));

    public ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ObjectManifest?>(_shards.FirstOrDefault(s => s.Key.Object == key).Value.Manifest);

    public async IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (key, shard) in _shards.OrderBy(s => s.Key.Object.Id).ThenBy(s => s.Key.ShardIndex))
        {
            if (objectId is null || key.Object.Id == objectId)
            {
                yield return new ShardInfo(key, Disk, shard.Data.Length, ShardState.Live);
            }
        }
    }

    public StoreHealth GetHealth() => new(default, []);
}
