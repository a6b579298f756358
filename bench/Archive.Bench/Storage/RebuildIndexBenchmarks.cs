using Archive.Index;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Recovery;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Archive.Bench.Storage;

/// <summary>
/// Offline index rebuild from segment files alone (every record fully verified, then indexed in
/// RocksDB batches). records/s = Records / mean. Segments are in the page cache after the first run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RebuildIndexBenchmarks
{
    private StorageBenchNode _node = null!;
    private DataDisk _disk = null!;
    private string _target = null!;

    [Params(20_000)]
    public int Records { get; set; }

    [Params(16 * 1024)]
    public int ShardBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _node = StorageBenchNode.CreateAsync(new GroupCommitOptions()).GetAwaiter().GetResult();
        var data = new byte[ShardBytes];
        new Random(3).NextBytes(data);
        for (int batch = 0; batch < Records; batch += 500)
        {
            Task.WhenAll(Enumerable.Range(batch, 500).Select(i => _node.Store.PutAsync(StorageBenchNode.Shard(i, data)).AsTask())).GetAwaiter().GetResult();
        }

        DiskProbe.Probe(_node.DiskRoot, null, out var label);
        _disk = new DataDisk(_node.DiskRoot, label!);
    }

    [IterationSetup]
    public void FreshIndex()
    {
        _target = Path.Combine(_node.Root, "rebuilt-" + Guid.NewGuid().ToString("N"));
    }

    [Benchmark]
    public long Rebuild()
    {
        using var index = RocksShardIndex.Open(_target);
        return IndexRebuilder.Rebuild([_disk], index).Records;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _disk.Dispose();
        _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
