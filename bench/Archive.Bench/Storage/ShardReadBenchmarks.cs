using Archive.Storage.GroupCommit;
using Archive.Storage.Primitives;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Archive.Bench.Storage;

/// <summary>
/// Whole-shard reads with every block checksum verified (page cache warm: this measures the
/// engine, not the disk). MB/s = ShardBytes / mean.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class ShardReadBenchmarks
{
    private const int Shards = 32;
    private StorageBenchNode _node = null!;
    private byte[] _buffer = null!;
    private int _next;

    [Params(64 * 1024, 1024 * 1024)]
    public int ShardBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _node = StorageBenchNode.CreateAsync(new GroupCommitOptions()).GetAwaiter().GetResult();
        var data = new byte[ShardBytes];
        new Random(2).NextBytes(data);
        for (int i = 0; i < Shards; i++)
        {
            _node.Store.PutAsync(StorageBenchNode.Shard(i, data)).AsTask().GetAwaiter().GetResult();
        }

        _buffer = new byte[ShardBytes];
    }

    [Benchmark]
    public async Task<int> Read_WholeShard()
    {
        var key = StorageBenchNode.Shard(_next++ % Shards, _buffer).Key;
        var outcome = await _node.Store.ReadAsync(key, 0, _buffer);
        return outcome.BytesRead;
    }

    [GlobalCleanup]
    public void Cleanup() => _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
