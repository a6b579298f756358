using System.Buffers;

namespace Archive.Grid.Coding;

/// <summary>
/// The k + m shard buffers of one part, rented from the shared pool and returned on dispose.
/// Each buffer is exactly <see cref="ShardLength"/> bytes long when sliced with <see cref="Shard"/>.
/// Not thread-safe; owned by one write or read.
/// </summary>
public sealed class ShardSet : IDisposable
{
    private readonly byte[][] _buffers;

    public ShardSet(int totalShards, int shardLength)
    {
        ShardLength = shardLength;
        _buffers = new byte[totalShards][];
        for (var i = 0; i < totalShards; i++)
        {
            _buffers[i] = ArrayPool<byte>.Shared.Rent(Math.Max(1, shardLength));
        }
    }

    public int ShardLength { get; }

    public int Count => _buffers.Length;

    public Memory<byte> Shard(int index) => _buffers[index].AsMemory(0, ShardLength);

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
