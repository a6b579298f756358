using System.IO.Hashing;
using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Codec;

/// <summary>Block checksum throughput on a 1 MiB block (L2-resident).</summary>
[MemoryDiagnoser]
public class Checksum_1M
{
    private readonly byte[] _block = new byte[1 << 20];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_block);

    [Benchmark(Baseline = true)]
    public ulong XxHash3_64() => XxHash3.HashToUInt64(_block);

    [Benchmark]
    public UInt128 XxHash128_() => XxHash128.HashToUInt128(_block);
}
