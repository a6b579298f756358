using Archive.Storage.GroupCommit;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Archive.Bench.Storage;

/// <summary>
/// Shard puts, 32 writers at once, each put returning only when durable: group commit (many records
/// per fsync) against the one-fsync-per-put baseline. MB/s = ShardBytes / mean; puts/s = 1 / mean;
/// fsyncs per put is printed at cleanup ("// fsyncs/put").
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class ShardPutBenchmarks
{
    private const int Concurrency = 32;
    private StorageBenchNode _node = null!;
    private byte[] _data = null!;
    private long _next;

    [Params(64 * 1024, 1024 * 1024)]
    public int ShardBytes { get; set; }

    [Params(true, false)]
    public bool GroupCommit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[ShardBytes];
        new Random(1).NextBytes(_data);
        _node = StorageBenchNode.CreateAsync(new GroupCommitOptions { DisableGrouping = !GroupCommit }).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public async Task Put_32Concurrent()
    {
        var puts = new Task[Concurrency];
        for (int i = 0; i < Concurrency; i++)
        {
            puts[i] = _node.Store.PutAsync(StorageBenchNode.Shard(Interlocked.Increment(ref _next), _data)).AsTask();
        }

        await Task.WhenAll(puts);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// fsyncs/put ShardBytes={ShardBytes} GroupCommit={GroupCommit}: {(double)_node.Fsyncs / Math.Max(1, _node.Puts):F3} ({_node.Fsyncs} fsyncs, {_node.Puts} puts)");
        _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
