using Archive.Codec.Kernels;
using Archive.Codec.ReedSolomon;
using Archive.Grid.Coding;

namespace Archive.Grid.Tests.Coding;

/// <summary>
/// The grid's shard buffers: 64-byte aligned (so the erasure kernels take their aligned and streaming
/// paths), exact length, pooled (no shard allocation per part once warm) and safe to own: disposing twice
/// returns once, a disposed set refuses to hand out buffers, and a compacting GC moves nothing.
/// </summary>
public sealed unsafe class ShardSetTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(65_539)]
    [InlineData(1 << 20)]
    public void Shard_AnyLength_IsAlignedAndExactlyShardLength(int shardLength)
    {
        using var shards = new ShardSet(new ShardBufferPool(), 6, shardLength);
        for (int i = 0; i < shards.Count; i++)
        {
            Memory<byte> shard = shards.Shard(i);
            Assert.Equal(shardLength, shard.Length);
            Assert.Equal(0, AlignmentOf(shard));
        }
    }

    [Fact]
    public void Shards_OfOneSet_DoNotOverlap()
    {
        using var shards = new ShardSet(new ShardBufferPool(), 14, 5000);
        for (int i = 0; i < shards.Count; i++)
        {
            shards.Shard(i).Span.Fill((byte)(i + 1));
        }

        for (int i = 0; i < shards.Count; i++)
        {
            Assert.True(shards.Shard(i).Span.IndexOfAnyExcept((byte)(i + 1)) < 0, $"shard {i} was overwritten by another");
        }
    }

    [Fact]
    public void ShardSet_RentedAgainAfterDispose_ReusesTheBuffers()
    {
        var pool = new ShardBufferPool();
        const int total = 6, length = 65_536;
        new ShardSet(pool, total, length).Dispose(); // warm: the pool now holds six buffers of this size

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            using var shards = new ShardSet(pool, total, length);
            shards.Shard(total - 1).Span[^1] = 1;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < length, $"100 sets of {total} × {length} bytes allocated {allocated} bytes: shard buffers are not reused");
        Assert.Equal(total, pool.Retained(length));
    }

    [Fact]
    public void Dispose_Twice_ReturnsEachBufferOnce()
    {
        var pool = new ShardBufferPool();
        var shards = new ShardSet(pool, 4, 10_000);
        shards.Dispose();
        shards.Dispose();
        Assert.Equal(4, pool.Retained(10_000));

        // Two live sets never share a buffer, which a double return would cause.
        using var first = new ShardSet(pool, 4, 10_000);
        using var second = new ShardSet(pool, 4, 10_000);
        var addresses = Enumerable.Range(0, 4).SelectMany(i => new[] { AddressOf(first.Shard(i)), AddressOf(second.Shard(i)) }).ToArray();
        Assert.Equal(addresses.Length, addresses.Distinct().Count());
    }

    [Fact]
    public void Shard_AfterDispose_Throws()
    {
        var shards = new ShardSet(new ShardBufferPool(), 3, 100);
        shards.Dispose();
        Assert.Throws<ObjectDisposedException>(() => shards.Shard(0));
    }

    [Fact]
    public void Pool_BeyondItsBound_DropsReturnedBuffers()
    {
        var pool = new ShardBufferPool(retainedBytesPerSize: 0, minRetainedPerSize: 2);
        ShardBuffer[] buffers = Enumerable.Range(0, 5).Select(_ => pool.Rent(8192)).ToArray();
        foreach (ShardBuffer buffer in buffers)
        {
            pool.Return(buffer);
        }

        Assert.Equal(2, pool.Retained(8192));
    }

    [Fact]
    public void Shards_AfterCompactingGc_StayAlignedAndKeepTheirBytes()
    {
        using var shards = new ShardSet(new ShardBufferPool(), 4, 3000);
        nint[] before = Enumerable.Range(0, 4).Select(i => AddressOf(shards.Shard(i))).ToArray();
        for (int i = 0; i < 4; i++)
        {
            shards.Shard(i).Span.Fill((byte)(0x10 + i));
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(before[i], AddressOf(shards.Shard(i)));
            Assert.Equal(0, AlignmentOf(shards.Shard(i)));
            Assert.True(shards.Shard(i).Span.IndexOfAnyExcept((byte)(0x10 + i)) < 0);
        }
    }

    [Theory]
    [InlineData(4, 2, 100_003)]
    [InlineData(4, 2, (1 << 20) + 5)] // 2 MiB of parity: the kernels' streaming path
    [InlineData(10, 4, 65_536)]
    public void Encode_OnShardSetBuffers_MatchesScalarReference(int k, int m, int shardLength)
    {
        using var shards = new ShardSet(new ShardBufferPool(), k + m, shardLength);
        var random = new Random(shardLength);
        for (int i = 0; i < k; i++)
        {
            random.NextBytes(shards.Shard(i).Span);
        }

        ReadOnlyMemory<byte>[] data = Enumerable.Range(0, k).Select(i => (ReadOnlyMemory<byte>)shards.Shard(i)).ToArray();
        Memory<byte>[] parity = Enumerable.Range(k, m).Select(shards.Shard).ToArray();
        ReedSolomonCodec.Create(k, m).Encode(data, parity);

        Memory<byte>[] expected = Enumerable.Range(0, m).Select(_ => new Memory<byte>(new byte[shardLength])).ToArray();
        ReedSolomonCodec.Create(k, m, KernelKind.Scalar).Encode(data, expected);
        for (int i = 0; i < m; i++)
        {
            Assert.True(expected[i].Span.SequenceEqual(parity[i].Span), $"parity {i}");
        }
    }

    private static int AlignmentOf(Memory<byte> shard) => (int)(AddressOf(shard) % ShardBufferPool.Alignment);

    private static nint AddressOf(Memory<byte> shard)
    {
        using var pin = shard.Pin();
        return (nint)pin.Pointer;
    }
}
