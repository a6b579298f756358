using System.Collections.Concurrent;
using System.Numerics;

namespace Archive.Grid.Coding;

/// <summary>
/// A pool of shard buffers that start on a 64-byte boundary, so the erasure kernels load and store whole cache
/// lines and can stream parity past the caches (they need every output at one alignment). Buffers are
/// arrays on the pinned object heap, over-allocated by one alignment and used from the first boundary: they
/// never move, so the offset holds for their whole life, and a buffer someone still holds after returning it
/// stays valid memory (as with <see cref="System.Buffers.ArrayPool{T}"/>), never a dangling pointer.
/// <para>Sizes are powers of two from 4 KiB to 64 MiB; each size keeps at most max(16, 128 MiB / size)
/// buffers by default and drops the rest to the GC; larger buffers are allocated per rent and never kept.
/// Thread-safe.</para>
/// </summary>
public sealed class ShardBufferPool
{
    /// <summary>Alignment of every buffer's first byte.</summary>
    public const int Alignment = 64;

    private const int MinShift = 12;
    private const int MaxShift = 26;

    private readonly Bucket[] _buckets;

    /// <param name="retainedBytesPerSize">Bytes each size keeps at most, beyond <paramref name="minRetainedPerSize"/> buffers.</param>
    /// <param name="minRetainedPerSize">Buffers each size may keep whatever their size.</param>
    public ShardBufferPool(long retainedBytesPerSize = 128L << 20, int minRetainedPerSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retainedBytesPerSize);
        ArgumentOutOfRangeException.ThrowIfNegative(minRetainedPerSize);
        _buckets = new Bucket[MaxShift - MinShift + 1];
        for (int i = 0; i < _buckets.Length; i++)
        {
            int size = 1 << (MinShift + i);
            _buckets[i] = new Bucket(size, (int)Math.Min(int.MaxValue, Math.Max(minRetainedPerSize, retainedBytesPerSize / size)));
        }
    }

    /// <summary>
    /// The process-wide pool the grid's <see cref="ShardSet"/>s draw from by default (the counterpart of
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which they used before).
    /// </summary>
    public static ShardBufferPool Shared { get; } = new();

    /// <summary>Largest capacity the pool keeps buffers of.</summary>
    public static int MaxPooledLength => 1 << MaxShift;

    /// <summary>A buffer of at least <paramref name="length"/> bytes, 64-byte aligned; contents are unspecified.</summary>
    public ShardBuffer Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > MaxPooledLength)
        {
            return ShardBuffer.Allocate(length);
        }

        Bucket bucket = _buckets[BucketIndex(length)];
        return bucket.TryTake(out byte[]? array) ? ShardBuffer.Over(array) : ShardBuffer.Allocate(bucket.Size);
    }

    /// <summary>
    /// Gives a buffer back. The caller must not touch it afterwards; returning one buffer twice hands it to two
    /// renters, so owners guard against it (<see cref="ShardSet"/> does).
    /// </summary>
    /// <exception cref="ArgumentException">The buffer was not rented from a pool.</exception>
    public void Return(ShardBuffer buffer)
    {
        if (buffer.Array is null)
        {
            throw new ArgumentException("The buffer was not rented from a shard buffer pool.", nameof(buffer));
        }

        int capacity = buffer.Capacity;
        if (capacity > MaxPooledLength || !BitOperations.IsPow2(capacity) || capacity < 1 << MinShift)
        {
            return; // allocated per rent: left to the GC
        }

        _buckets[BucketIndex(capacity)].TryAdd(buffer.Array);
    }

    /// <summary>Buffers currently kept for <paramref name="length"/>'s size (tests and diagnostics).</summary>
    public int Retained(int length) => length > MaxPooledLength ? 0 : _buckets[BucketIndex(length)].Count;

    private static int BucketIndex(int length) =>
        Math.Max(0, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, length))) - MinShift);

    private sealed class Bucket(int size, int capacity)
    {
        private readonly ConcurrentQueue<byte[]> _arrays = new();
        private int _count;

        public int Size { get; } = size;

        public int Count => Volatile.Read(ref _count);

        public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? array)
        {
            if (_arrays.TryDequeue(out array))
            {
                Interlocked.Decrement(ref _count);
                return true;
            }

            return false;
        }

        public void TryAdd(byte[] array)
        {
            if (Interlocked.Increment(ref _count) > capacity)
            {
                Interlocked.Decrement(ref _count);
                return;
            }

            _arrays.Enqueue(array);
        }
    }
}
