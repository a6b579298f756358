using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archive.Grid.Coding;

/// <summary>
/// One pooled shard buffer: a pinned array and the offset of its first 64-byte boundary. A value; owned by
/// whoever rented it until returned.
/// </summary>
public readonly struct ShardBuffer
{
    private ShardBuffer(byte[] array, int offset)
    {
        Array = array;
        Offset = offset;
    }

    /// <summary>Usable bytes from <see cref="Offset"/>.</summary>
    public int Capacity => Array.Length - (ShardBufferPool.Alignment - 1);

    internal byte[] Array { get; }

    internal int Offset { get; }

    /// <summary>The first <paramref name="length"/> bytes; pinning it is free (the array is pre-pinned).</summary>
    public Memory<byte> Memory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        return MemoryMarshal.CreateFromPinnedArray(Array, Offset, length);
    }

    internal static ShardBuffer Allocate(int capacity) =>
        Over(GC.AllocateUninitializedArray<byte>(capacity + ShardBufferPool.Alignment - 1, pinned: true));

    internal static unsafe ShardBuffer Over(byte[] array)
    {
        // Pinned-heap arrays never move, so the distance to the next boundary is fixed for the array's life.
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int offset = (int)((ShardBufferPool.Alignment - (address % ShardBufferPool.Alignment)) % ShardBufferPool.Alignment);
        return new ShardBuffer(array, offset);
    }
}
