using System.IO.Hashing;
using Archive.Codec.Kernels;
using Archive.Codec.ReedSolomon;

namespace Archive.Codec.SelfTest;

/// <summary>
/// Start-up proof that the codec is right on this CPU: every supported kernel encodes the golden
/// vectors and must match the frozen parity, and rebuilds lost shards; the block checksum must match
/// its frozen value. The host calls <see cref="Run()"/> before serving; a wrong answer throws
/// <see cref="CodecSelfTestException"/> and the node must not start. Takes a few milliseconds.
/// </summary>
public static class CodecSelfTest
{
    /// <summary>Checks every kernel the CPU supports. Returns the kernels verified.</summary>
    /// <exception cref="CodecSelfTestException">Any kernel or checksum gave a wrong answer.</exception>
    public static IReadOnlyList<KernelKind> Run() => Run(GfKernels.Supported);

    /// <summary>Checks the given kernels.</summary>
    /// <exception cref="CodecSelfTestException">Any kernel or checksum gave a wrong answer.</exception>
    public static IReadOnlyList<KernelKind> Run(IEnumerable<GfKernel> kernels)
    {
        CheckChecksum();
        var verified = new List<KernelKind>();
        foreach (GfKernel kernel in kernels)
        {
            foreach (GoldenVectors.Vector vector in GoldenVectors.Encode)
            {
                CheckVector(kernel, vector);
            }

            verified.Add(kernel.Kind);
        }

        return verified;
    }

    /// <summary>Encodes one golden vector and returns the parity hash (used to freeze new vectors).</summary>
    internal static ulong ParityHash(GfKernel kernel, int k, int m, int shardLength, uint seed, out byte[] shards)
    {
        var codec = ReedSolomonCodec.Create(k, m, kernel, decodeCacheCapacity: 0);
        shards = new byte[(k + m) * shardLength];
        GoldenVectors.Fill(shards.AsSpan(0, k * shardLength), seed);
        codec.Encode(shards.AsSpan(0, k * shardLength), shards.AsSpan(k * shardLength), shardLength);
        return XxHash3.HashToUInt64(shards.AsSpan(k * shardLength));
    }

    private static void CheckVector(GfKernel kernel, GoldenVectors.Vector v)
    {
        string name = $"{kernel.Kind} RS({v.K},{v.M}) x {v.ShardLength}";
        ulong hash = ParityHash(kernel, v.K, v.M, v.ShardLength, v.Seed, out byte[] shards);
        if (hash != v.ParityHash)
        {
            throw new CodecSelfTestException($"Codec self-test failed: {name} parity hash {hash:x16}, expected {v.ParityHash:x16}.");
        }

        // Lose the first data shard and the last m-1 shards, then rebuild them all.
        var codec = ReedSolomonCodec.Create(v.K, v.M, kernel, decodeCacheCapacity: 0);
        byte[] damaged = (byte[])shards.Clone();
        var present = new bool[v.K + v.M];
        Array.Fill(present, true);
        present[0] = false;
        for (int i = 0; i < v.M - 1; i++)
        {
            present[v.K + v.M - 1 - i] = false;
        }

        for (int i = 0; i < present.Length; i++)
        {
            if (!present[i])
            {
                damaged.AsSpan(i * v.ShardLength, v.ShardLength).Fill(0xFF);
            }
        }

        if (!codec.TryReconstruct(damaged, v.ShardLength, present) || !damaged.AsSpan().SequenceEqual(shards))
        {
            throw new CodecSelfTestException($"Codec self-test failed: {name} did not rebuild lost shards exactly.");
        }
    }

    private static void CheckChecksum()
    {
        Span<byte> counter = stackalloc byte[1000];
        for (int i = 0; i < counter.Length; i++)
        {
            counter[i] = (byte)i;
        }

        ulong hash = XxHash3.HashToUInt64(counter);
        if (hash != GoldenVectors.ChecksumOfCounter1000)
        {
            throw new CodecSelfTestException($"Codec self-test failed: XXH3-64 gave {hash:x16}, expected {GoldenVectors.ChecksumOfCounter1000:x16}.");
        }
    }
}
