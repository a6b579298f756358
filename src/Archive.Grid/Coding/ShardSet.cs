namespace Archive.Grid.Coding;

/// <summary>
/// The k + m shard buffers of one part, rented from a <see cref="ShardBufferPool"/> and returned on dispose.
/// Every shard starts on a 64-byte boundary (so the erasure kernels run on whole cache lines and can stream
/// large parity past the caches) and is exactly <see cref="ShardLength"/> bytes long. Rent one set per part,
/// not per stripe. Not thread-safe; owned by one write or read.
/// </summary>
public sealed class ShardSet : IDisposable
{
    private readonly ShardBufferPool _pool;
    private readonly ShardBuffer[] _buffers;
    private bool _disposed;

    /// <summary>A set drawn from <see cref="ShardBufferPool.Shared"/>.</summary>
    public ShardSet(int totalShards, int shardLength)
        : this(ShardBufferPool.Shared, totalShards, shardLength)
    {
    }

    public ShardSet(ShardBufferPool pool, int totalShards, int shardLength)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalShards);
        ArgumentOutOfRangeException.ThrowIfNegative(shardLength);
        _pool = pool;
        ShardLength = shardLength;
        _buffers = new ShardBuffer[totalShards];
        for (var i = 0; i < totalShards; i++)
        {
            _buffers[i] = pool.Rent(shardLength);
        }
    }

    public int ShardLength { get; }

    public int Count => _buffers.Length;

    /// <summary>Shard <paramref name="index"/>; valid until the set is disposed (pinning it costs nothing).</summary>
    /// <exception cref="ObjectDisposedException">The set was disposed: its buffers may belong to someone else now.</exception>
    public Memory<byte> Shard(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _buffers[index].Memory(ShardLength);
    }

    /// <summary>Returns every buffer to the pool, once; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var buffer in _buffers)
        {
            _pool.Return(buffer);
        }
    }
}
