using System.Diagnostics.Metrics;
using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Index;
using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Bench.Storage;

/// <summary>
/// A one-disk node in a temporary directory under /tmp (ext4 on this machine, so fsync is real;
/// never tmpfs, where fsync is free), with a fsync counter. Owned by one benchmark class.
/// </summary>
public sealed class StorageBenchNode : IAsyncDisposable
{
    private readonly MeterListener _listener = new();
    private long _fsyncs;
    private long _puts;

    private StorageBenchNode(string root, BenchMeters meters, RocksShardIndex index, LocalShardStore store)
    {
        Root = root;
        Meters = meters;
        Index = index;
        Store = store;
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "archive.storage.fsyncs" or "archive.storage.puts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "archive.storage.fsyncs")
            {
                Interlocked.Add(ref _fsyncs, value);
            }
            else
            {
                Interlocked.Add(ref _puts, value);
            }
        });
        _listener.Start();
    }

    public string Root { get; }

    public BenchMeters Meters { get; }

    public RocksShardIndex Index { get; }

    public LocalShardStore Store { get; }

    public string DiskRoot => Path.Combine(Root, "disk0");

    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    public long Puts => Interlocked.Read(ref _puts);

    public static async Task<StorageBenchNode> CreateAsync(GroupCommitOptions groupCommit)
    {
        string root = Path.Combine("/tmp", "archive-bench-storage", Guid.NewGuid().ToString("N"));
        var node = NodeId.New();
        DiskFormatter.Format(Path.Combine(root, "disk0"), node, TimeProvider.System);
        var meters = new BenchMeters();
        var index = RocksShardIndex.Open(StoragePaths.IndexDirectory(Path.Combine(root, "fast")));
        var options = new StorageOptions { Node = node, DataDisks = [Path.Combine(root, "disk0")], GroupCommit = groupCommit };
        var store = await LocalShardStore.OpenAsync(options, index, TimeProvider.System, new StorageMetrics(meters), NullLogger<LocalShardStore>.Instance);
        return new StorageBenchNode(root, meters, index, store);
    }

    public static ShardWrite Shard(long n, byte[] data)
    {
        var id = new ObjectId(0xBE4C_0000_0000_0000UL, (ulong)n);
        var manifest = new ObjectManifest(new ObjectKey(id, 1), data.Length * 10L, Sha256Digest.Compute(data.AsSpan(0, 64)), "ec-10-4", 10, 4,
            Math.Min(data.Length, 1 << 20) is var b && b >= 64 * 1024 ? 64 * 1024 : b, ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, new byte[200]);
        return new ShardWrite(manifest, 0, data);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Store.DisposeAsync();
        Index.Dispose();
        Meters.Dispose();
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Meter factory for benchmarks.</summary>
    public sealed class BenchMeters : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, scope: this);

        public void Dispose()
        {
        }
    }
}
