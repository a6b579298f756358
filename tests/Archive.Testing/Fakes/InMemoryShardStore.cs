using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Testing.Fakes;

/// <summary>A node's shard store in memory, with switches to fail it the ways real nodes fail.</summary>
public sealed class InMemoryShardStore : IShardStore
{
    private readonly ConcurrentDictionary<ShardKey, (byte[] Data, ObjectManifest Manifest)> _shards = new();

    /// <summary>Throws on every call, as an unreachable node's client does.</summary>
    public bool Dead { get; set; }

    /// <summary>Answers DiskFull to every put.</summary>
    public bool Full { get; set; }

    /// <summary>How many of the next reads throw, as a dropped connection to a live node does.</summary>
    public int FailingReads { get; set; }

    /// <summary>Delays every read by this much (a slow disk).</summary>
    public TimeSpan ReadDelay { get; set; }

    public int Count => _shards.Count;

    public IEnumerable<ShardKey> Keys => _shards.Keys;

    /// <summary>Flips one byte of a stored shard; reads then answer Corrupt, as block checksums would.</summary>
    public HashSet<ShardKey> Corrupted { get; } = [];

    /// <summary>When set, puts wait for it (a slow disk); a false result then fails them as an unreachable node does.</summary>
    public TaskCompletionSource<bool>? PutGate { get; set; }

    public async ValueTask<PutOutcome> PutAsync(ShardWrite shard, CancellationToken cancellationToken = default)
    {
        if (PutGate is { } gate && !await gate.Task.WaitAsync(cancellationToken))
        {
            throw new IOException("node unreachable");
        }

        return Put(shard);
    }

    private PutOutcome Put(ShardWrite shard)
    {
        ThrowIfDead();
        if (Full)
        {
            return new PutOutcome(ShardStatus.DiskFull);
        }

        _shards[shard.Key] = (shard.Data.ToArray(), shard.Manifest);
        lock (Corrupted)
        {
            Corrupted.Remove(shard.Key); // a fresh record replaces the rotten one
        }

        return new PutOutcome(ShardStatus.Ok, shard.PreferredDisk ?? default);
    }

    public async ValueTask<ReadOutcome> ReadAsync(ShardKey key, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        if (FailingReads > 0)
        {
            FailingReads--;
            throw new IOException("connection reset");
        }
        if (ReadDelay > TimeSpan.Zero)
        {
            await Task.Delay(ReadDelay, cancellationToken);
        }

        if (!_shards.TryGetValue(key, out var shard))
        {
            return new ReadOutcome(ShardStatus.NotFound);
        }

        if (Corrupted.Contains(key))
        {
            return new ReadOutcome(ShardStatus.Corrupt, BadBlock: 0);
        }

        var count = (int)Math.Min(destination.Length, shard.Data.Length - offset);
        shard.Data.AsSpan((int)offset, count).CopyTo(destination.Span);
        return new ReadOutcome(ShardStatus.Ok, count, shard.Data.Length);
    }

    public ValueTask<ShardStatus> DeleteAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        return ValueTask.FromResult(_shards.TryRemove(key, out _) ? ShardStatus.Ok : ShardStatus.NotFound);
    }

    /// <summary>The disk a test says a shard is on (verify reports it, as a node's store does); unset: not said.</summary>
    public ConcurrentDictionary<ShardKey, string> DiskOf { get; } = new();

    public ValueTask<VerifyOutcome> VerifyAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        var status = !_shards.ContainsKey(key) ? ShardStatus.NotFound : Corrupted.Contains(key) ? ShardStatus.Corrupt : ShardStatus.Ok;
        return ValueTask.FromResult(new VerifyOutcome(status, Disk: status == ShardStatus.Ok ? DiskOf.GetValueOrDefault(key) : null));
    }

    public ValueTask<ObjectManifest?> GetManifestAsync(ObjectKey key, CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        var found = _shards.Where(s => s.Key.Object == key).Select(s => s.Value.Manifest).FirstOrDefault();
        return ValueTask.FromResult(found);
    }

    public async IAsyncEnumerable<ShardInfo> ListAsync(ObjectId? objectId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDead();
        await Task.Yield();
        foreach (var (key, value) in _shards.OrderBy(s => s.Key.Object.Id).ThenBy(s => s.Key.Object.Version).ThenBy(s => s.Key.ShardIndex))
        {
            if (objectId is null || key.Object.Id == objectId)
            {
                yield return new ShardInfo(key, default, value.Data.Length, Archive.Storage.Indexing.ShardState.Live);
            }
        }
    }

    public StoreHealth GetHealth() => new(default, []);

    private void ThrowIfDead()
    {
        if (Dead)
        {
            throw new IOException("node unreachable");
        }
    }
}
