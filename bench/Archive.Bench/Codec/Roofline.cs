using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Archive.Bench.Codec;

/// <summary>
/// What one core can move for an RS(k,m) shape with no Galois arithmetic at all, on the same working set
/// (k input and m output shards of one length, 64-byte aligned): the ceiling the erasure kernels are
/// judged against. Not thread-safe; dispose to free the native memory.
/// </summary>
public sealed unsafe class Roofline : IDisposable
{
    private readonly byte*[] _inputs;
    private readonly byte*[] _outputs;

    public Roofline(int k, int m, int shardLength)
    {
        if (!Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException("The roofline loops use AVX-512.");
        }

        ShardLength = shardLength;
        var random = new Random(7);
        _inputs = new byte*[k];
        _outputs = new byte*[m];
        for (int i = 0; i < k; i++)
        {
            _inputs[i] = Allocate(shardLength, random);
        }

        for (int i = 0; i < m; i++)
        {
            _outputs[i] = Allocate(shardLength, random);
        }
    }

    public int ShardLength { get; }

    /// <summary>Bytes of data (k shards) one pass covers.</summary>
    public long DataBytes => (long)_inputs.Length * ShardLength;

    /// <summary>
    /// XOR of the k inputs kept in registers: pure read bandwidth of the data, with or without software
    /// prefetch <paramref name="prefetchDistance"/> bytes ahead (0: none), in the order the kernels read.
    /// </summary>
    public Vector512<byte> ReadOnly(int prefetchDistance)
    {
        Vector512<byte> a = default, b = default;
        for (int p = 0; p < ShardLength; p += 128)
        {
            foreach (byte* input in _inputs)
            {
                if (prefetchDistance > 0)
                {
                    Sse.Prefetch0(input + p + prefetchDistance);
                    Sse.Prefetch0(input + p + prefetchDistance + 64);
                }

                a ^= Vector512.LoadAligned(input + p);
                b ^= Vector512.LoadAligned(input + p + 64);
            }
        }

        return a ^ b;
    }

    /// <summary>The encode's memory traffic: read k inputs, write their XOR to all m outputs (cached stores, or non-temporal).</summary>
    public void ReadWrite(bool nonTemporal)
    {
        for (int p = 0; p < ShardLength; p += 64)
        {
            Vector512<byte> a = default;
            foreach (byte* input in _inputs)
            {
                a ^= Vector512.LoadAligned(input + p);
            }

            foreach (byte* output in _outputs)
            {
                if (nonTemporal)
                {
                    Avx512F.StoreAlignedNonTemporal(output + p, a);
                }
                else
                {
                    a.StoreAligned(output + p);
                }
            }
        }

        if (nonTemporal)
        {
            Sse.StoreFence();
        }
    }

    public void Dispose()
    {
        foreach (byte* shard in _inputs)
        {
            NativeMemory.AlignedFree(shard);
        }

        foreach (byte* shard in _outputs)
        {
            NativeMemory.AlignedFree(shard);
        }
    }

    private static byte* Allocate(int length, Random random)
    {
        byte* shard = (byte*)NativeMemory.AlignedAlloc((nuint)length, 64);
        random.NextBytes(new Span<byte>(shard, length));
        return shard;
    }
}
