using System.Diagnostics.Metrics;
using Archive.Grid.Manifests;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Node.Hosting;
using Archive.Node.Maintenance;
using Archive.Node.Options;
using Archive.Storage.Disks;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;
using Archive.Storage.Store;
using Archive.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// A real single-node runtime (RocksDB, segment files on several disk directories, ec-4-2) with
/// objects written through the grid writer, the record of every shard on disk, and helpers to
/// scrub every disk to the end of a pass and to drain repair. Tests own and dispose it.
/// </summary>
internal sealed class ScrubNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ScrubNode(string home, NodeRuntime runtime, ServiceProvider services)
    {
        Home = home;
        Runtime = runtime;
        _services = services;
    }

    public string Home { get; }

    public NodeRuntime Runtime { get; }

    public List<(GridManifest Manifest, byte[] Content)> Objects { get; } = [];

    public static async Task<ScrubNode> OpenAsync(string home, params string[] args)
    {
        var settings = NodeSettingsLoader.Load(NodeSettingsLoader.Build(["--home", home, "--Scrub:BytesPerSecondPerDisk=100000000000", "--Repair:Enabled=false", .. args], _ => null), home);
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var runtime = new NodeRuntime(settings, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        await runtime.OpenAsync(CancellationToken.None);
        return new ScrubNode(home, runtime, services);
    }

    /// <summary>
    /// Stops this node (its home kept), runs <paramref name="whileStopped"/>, and opens it again with <paramref name="args"/>;
    /// the objects written carry over. Dispose the new node before this one.
    /// </summary>
    public async Task<ScrubNode> RestartAsync(Action whileStopped, params string[] args)
    {
        await Runtime.DisposeAsync();
        whileStopped();
        var again = await OpenAsync(Home, args);
        again.Objects.AddRange(Objects);
        return again;
    }

    /// <summary>Writes <paramref name="count"/> objects of 70–400 kB (pinned seed).</summary>
    public async Task WriteObjectsAsync(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var content = new byte[random.Next(70_000, 400_000)];
            random.NextBytes(content);
            using var stream = new MemoryStream(content);
            var outcome = await Runtime.Writer.WriteAsync(new GridWriteRequest($"1.2.840.77.{seed}.{i}", "study-77", stream, "attrs"u8.ToArray()));
            Assert.True(outcome.IsSuccess, outcome.Detail);
            Objects.Add((outcome.Manifest!, content));
        }
    }

    public ScrubCoordinator NewCoordinator() => new(Runtime, TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Starts a pass on every disk and steps each to its end; returns the bad shards found.</summary>
    public static async Task<long> ScrubAllAsync(ScrubCoordinator scrub)
    {
        scrub.Start(now: true);
        long bad = 0;
        foreach (var disk in scrub.Disks)
        {
            var before = disk.Totals.Bad;
            do
            {
                await disk.StepAsync();
            }
            while (scrub.Ledger.LoadDisk(disk.Disk).PassStartedAt is not null);
            bad += disk.Totals.Bad - before;
        }

        return bad;
    }

    /// <summary>Runs repair passes until the queue is empty or a pass repairs nothing.</summary>
    public async Task<RepairWorker> RepairAllAsync()
    {
        var worker = RepairService.CreateWorker(Runtime, TimeProvider.System, NullLoggerFactory.Instance);
        while (Runtime.Repairs.Count > 0 && (await worker.RunOnceAsync()).Repaired > 0)
        {
        }

        return worker;
    }

    /// <summary>Every shard record in the segment files of every disk, with its file.</summary>
    public List<(DataDisk Disk, string Path, ScannedRecord Record)> ShardRecords()
    {
        var records = new List<(DataDisk, string, ScannedRecord)>();
        foreach (var disk in Runtime.Store.Disks)
        {
            foreach (var id in disk.ListSegments())
            {
                var path = disk.SegmentPath(id);
                SegmentScanner.Scan(path, null, 0, r =>
                {
                    if (r.Header.Kind == RecordKind.Shard)
                    {
                        records.Add((disk, path, r));
                    }
                });
            }
        }

        return records;
    }

    /// <summary>(object name, shard index) of a shard key, from the written manifests.</summary>
    public (string Name, int Shard) NameOf(ShardKey key) =>
        (Objects.Single(o => o.Manifest.Parts.Any(p => p.StorageKey == key.Object)).Manifest.ObjectName, key.ShardIndex);

    /// <summary>The (object, shard) pairs queued for repair.</summary>
    public async Task<List<(string Name, int Shard)>> QueuedAsync()
    {
        var items = await Runtime.Repairs.PeekAsync(100_000);
        return items.SelectMany(i => i.ShardIndices.Select(s => (i.ObjectName, s))).Distinct().OrderBy(x => x).ToList();
    }

    /// <summary>Asserts that every object has all k+m shards verified here and reads back bit-exact.</summary>
    public async Task AssertFullRedundancyAsync()
    {
        foreach (var (manifest, content) in Objects)
        {
            await AssertShardsVerifiedAsync(manifest);
            var current = await Runtime.Reader.FindAsync(manifest.PartitionKey, manifest.ObjectName);
            using var back = new MemoryStream();
            Assert.True((await Runtime.Reader.ReadAsync(current!, back)).IsSuccess);
            Assert.Equal(content, back.ToArray());
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> objects once the writer has looked at the disks' health again (at least once a
    /// second) and asserts each went around <paramref name="avoided"/>: all k+m shards on distinct other disks, verified,
    /// nothing queued for repair.
    /// </summary>
    public async Task AssertWritesPlaceAroundAsync(DataDisk avoided, int count, int seed)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var queued = Runtime.Repairs.Count;
        var before = Objects.Count;
        await WriteObjectsAsync(count, seed);
        Assert.Equal(queued, Runtime.Repairs.Count);
        foreach (var (manifest, _) in Objects.Skip(before))
        {
            var shards = manifest.Parts.SelectMany(p => p.Shards).ToArray();
            Assert.DoesNotContain(shards, s => s.DiskId == avoided.Id.ToString());
            Assert.Equal(shards.Length, shards.Select(s => s.DiskId).Distinct().Count());
            await AssertShardsVerifiedAsync(manifest);
        }
    }

    /// <summary>
    /// Asserts that all k+m shards of every part of <paramref name="manifest"/> verify on this node. A write is acknowledged
    /// at k+1 durable shards, so the puts still running then are given a few seconds to land.
    /// </summary>
    public async Task AssertShardsVerifiedAsync(GridManifest manifest)
    {
        foreach (var part in manifest.Parts)
        {
            for (var i = 0; i < manifest.TotalShards; i++)
            {
                var key = new ShardKey(part.StorageKey, (ushort)i);
                Assert.True(
                    await Waiting.UntilAsync(async () => (await Runtime.Store.VerifyAsync(key)).Status == ShardStatus.Ok, TimeSpan.FromSeconds(10)),
                    $"shard {key} of {manifest.ObjectName}: {(await Runtime.Store.VerifyAsync(key)).Status}");
            }
        }
    }

    /// <summary>Deletes everything in the disk's directory, label included, as a wiped or swapped disk looks to the node.</summary>
    public static void Wipe(DataDisk disk)
    {
        foreach (var entry in new DirectoryInfo(disk.Root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    public static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x20));
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await _services.DisposeAsync();
        if (Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
