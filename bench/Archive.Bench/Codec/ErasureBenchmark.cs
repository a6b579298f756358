using BenchmarkDotNet.Attributes;

namespace Archive.Bench.Codec;

/// <summary>
/// RS encode/reconstruct on every path, ours and ISA-L's, in one run. Shape classes below fix k, m,
/// shard size and operation; divide k × shard size by the mean time for GB/s of data.
/// </summary>
[MemoryDiagnoser]
public abstract class ErasureBenchmark
{
    private ErasureWorkload? _workload;

    [ParamsAllValues]
    public CodecPath Path { get; set; }

    protected abstract int K { get; }

    protected abstract int M { get; }

    protected abstract int ShardLength { get; }

    protected abstract bool Reconstruct { get; }

    [GlobalSetup]
    public void Setup() => _workload = new ErasureWorkload(K, M, ShardLength, Path, Reconstruct);

    [GlobalCleanup]
    public void Cleanup() => _workload?.Dispose();

    [Benchmark]
    public void Run() => _workload!.Run();
}
