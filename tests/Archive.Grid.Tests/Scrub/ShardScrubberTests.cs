using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Coding;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Scrub;

/// <summary>Scrubbing in-memory nodes: every bad shard found, nothing else reported, and repair closes the loop.</summary>
public sealed class ShardScrubberTests
{
    private static readonly GridWriteOptions SmallParts = new() { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 };

    [Fact]
    public async Task Scrub_CorruptionUpToMPerObject_FindsExactlyTheBadShardsAndRepairRestoresAll()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        var objects = new List<(string Name, byte[] Content)>();
        for (var i = 0; i < 12; i++)
        {
            var content = Content((i * 41_000) + 500, i % 3 == 0, 200 + i);
            Assert.True((await Write(grid, "1.60." + i, content)).IsSuccess);
            objects.Add(("1.60." + i, content));
        }

        // Pinned seed: corrupt 0..m shards of every part on random nodes.
        var random = new Random(42);
        var corrupted = new HashSet<(string Name, int Part, int Shard)>();
        foreach (var (name, _) in objects)
        {
            var manifest = (await grid.Reader.FindAsync("study-1", name))!;
            for (var p = 0; p < manifest.Parts.Count; p++)
            {
                var part = manifest.Parts[p];
                foreach (var shard in Enumerable.Range(0, manifest.TotalShards).OrderBy(_ => random.Next()).Take(random.Next(manifest.ParityShards + 1)))
                {
                    grid.Store(part.Shards[shard].NodeId).Corrupted.Add(new(part.StorageKey, (ushort)shard));
                    corrupted.Add((name, p, shard));
                }
            }
        }

        Assert.NotEmpty(corrupted);
        var found = await ScrubAll(grid);

        Assert.Equal(corrupted.Count, found.Bad);
        Assert.Equal(0, found.Unidentified);
        Assert.Equal(corrupted.OrderBy(c => c), grid.Repairs.Items.Select(i => (i.ObjectName, i.PartIndex, i.ShardIndices.Single())).OrderBy(c => c));

        using var codecs = new CodecPool();
        var repairer = new GridRepairer(grid.Maps, grid, grid.Membership, codecs, new GridReadOptions(), TimeSpan.Zero, TimeProvider.System, NullLogger<GridRepairer>.Instance);
        var worker = new RepairWorker(grid.Repairs, repairer, new RepairOptions { BytesPerSecond = long.MaxValue / 2, BatchSize = 1000 }, TimeProvider.System, NullLogger<RepairWorker>.Instance);
        var pass = await worker.RunOnceAsync();

        Assert.Equal(corrupted.Count, pass.Repaired);
        Assert.Equal(0, (await ScrubAll(grid)).Bad);
        foreach (var (name, content) in objects)
        {
            Assert.Equal(content, await ReadBack(grid, name));
        }
    }

    [Fact]
    public async Task Scrub_StoppedAndResumed_VerifiesEveryShardOnce()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        for (var i = 0; i < 5; i++)
        {
            await Write(grid, "1.61." + i, Content(150_000 + i, false, 300 + i));
        }

        var store = grid.Store("n000");
        var scrubber = Scrubber(store, grid.Repairs);
        var first = await scrubber.ScrubAsync(null, maxShards: 3);
        var rest = await scrubber.ScrubAsync(first.Cursor);

        Assert.Equal(3, first.Verified);
        Assert.NotNull(first.Cursor);
        Assert.Equal(store.Count, first.Verified + rest.Verified);
        Assert.Null(rest.Cursor);
    }

    [Fact]
    public async Task Scrub_CorruptShardWithoutGridDescriptor_CountedUnidentifiedNotQueued()
    {
        var store = new InMemoryShardStore();
        var repairs = new InMemoryRepairQueue();
        var key = new ObjectKey(new ObjectId(1, 2), 3);
        var manifest = new ObjectManifest(key, 4, Sha256Digest.Compute([1]), "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []);
        await store.PutAsync(new ShardWrite(manifest, 0, new byte[] { 1, 2, 3, 4 }));
        store.Corrupted.Add(new ShardKey(key, 0));

        var pass = await Scrubber(store, repairs).ScrubAsync(null);

        Assert.Equal(new ScrubPass(1, 1, 1, 4, null), pass);
        Assert.Equal(0, repairs.Count);
    }

    private static ShardScrubber Scrubber(IShardStore store, IRepairQueue repairs) =>
        new(store, repairs, new RepairThrottle(long.MaxValue / 2, TimeProvider.System), NullLogger<ShardScrubber>.Instance);

    private static async Task<(int Bad, int Unidentified)> ScrubAll(FakeGrid grid)
    {
        int bad = 0, unidentified = 0;
        foreach (var node in grid.Map.Nodes)
        {
            var pass = await Scrubber(grid.Store(node.Id), grid.Repairs).ScrubAsync(null);
            Assert.Equal(grid.Store(node.Id).Count, pass.Verified);
            bad += pass.Bad;
            unidentified += pass.Unidentified;
        }

        return (bad, unidentified);
    }
}
