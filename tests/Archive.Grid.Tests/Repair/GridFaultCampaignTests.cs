using Archive.Grid.Coding;
using Archive.Grid.Manifests;
using Archive.Grid.Membership;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Scrub;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Repair;

/// <summary>
/// Grid-wide fault campaigns on in-memory nodes (ec-4-2): a node lost for good is found by
/// anti-entropy and its shards rebuilt elsewhere; the same object corrupted on several nodes is
/// found by the scrub and repaired up to m, and reported unrecoverable for exactly the objects
/// damaged beyond m. After repair every recoverable object has k+m verified shards. Seeds pinned.
/// </summary>
public sealed class GridFaultCampaignTests
{
    private static readonly GridWriteOptions SmallParts = new() { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 };

    [Fact]
    public async Task NodeKilledForGood_AntiEntropyQueuesExactlyItsShardsAndRepairRestoresFullRedundancy()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 14, seed: 7);
        var dead = grid.Map.Nodes[3].Id;
        var lost = new HashSet<(string, int, int)>();
        foreach (var (name, _) in objects)
        {
            var manifest = (await grid.Reader.FindAsync("study-1", name))!;
            for (var p = 0; p < manifest.Parts.Count; p++)
            {
                for (var s = 0; s < manifest.TotalShards; s++)
                {
                    if (manifest.Parts[p].Shards[s].NodeId == dead)
                    {
                        lost.Add((name, p, s));
                    }
                }
            }
        }

        Assert.NotEmpty(lost);
        grid.Kill(dead);
        grid.Membership.Failed(dead);

        var pass = await AntiEntropyEverywhereAsync(grid, dead);

        Assert.Equal(lost.Count, pass.Missing);
        Assert.Equal(0, pass.Unchecked);
        Assert.Equal(lost.OrderBy(x => x), grid.Repairs.Items.SelectMany(i => i.ShardIndices.Select(s => (i.ObjectName, i.PartIndex, s))).OrderBy(x => x));
        Assert.All(grid.Repairs.Items, i => Assert.Equal(RepairReason.MissingOnCheck, i.Reason));

        var worker = Worker(grid, out var codecs);
        using (codecs)
        {
            await worker.RunOnceAsync();
        }

        Assert.Equal(0, grid.Repairs.Count);
        await AssertFullRedundancyAsync(grid, objects);
        Assert.Equal(0, (await AntiEntropyEverywhereAsync(grid, dead)).Missing);
    }

    [Fact]
    public async Task HealthyGrid_AntiEntropy_FindsNothingWithOneListPerNode()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 6, seed: 8);

        var pass = await AntiEntropyEverywhereAsync(grid, null);

        Assert.Equal(objects.Count, pass.Objects);
        Assert.Equal(0, pass.Missing);
        Assert.Equal(0, grid.Repairs.Count);
    }

    [Fact]
    public async Task SameObjectCorruptOnSeveralNodes_UpToMRepairedBeyondMUnrecoverableForExactlyThoseObjects()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 10, seed: 9);
        var random = new Random(9);
        var corrupted = new HashSet<(string, int, int)>();
        var doomed = new HashSet<string> { objects[2].Name, objects[7].Name };
        foreach (var (name, _) in objects)
        {
            var manifest = (await grid.Reader.FindAsync("study-1", name))!;
            var part = manifest.Parts[0];
            var count = doomed.Contains(name) ? manifest.ParityShards + 1 : random.Next(manifest.ParityShards + 1);
            foreach (var shard in Enumerable.Range(0, manifest.TotalShards).OrderBy(_ => random.Next()).Take(count))
            {
                grid.Store(part.Shards[shard].NodeId).Corrupted.Add(new(part.StorageKey, (ushort)shard));
                corrupted.Add((name, 0, shard));
            }
        }

        var bad = 0;
        foreach (var node in grid.Map.Nodes)
        {
            bad += (await new ShardScrubber(grid.Store(node.Id), grid.Repairs, new RepairThrottle(long.MaxValue / 2, TimeProvider.System), NullLogger<ShardScrubber>.Instance).ScrubAsync(null)).Bad;
        }

        Assert.Equal(corrupted.Count, bad);
        Assert.Equal(corrupted.OrderBy(c => c), grid.Repairs.Items.Select(i => (i.ObjectName, i.PartIndex, i.ShardIndices.Single())).OrderBy(c => c));

        var worker = Worker(grid, out var codecs);
        using (codecs)
        {
            await worker.RunOnceAsync();
        }

        Assert.Equal(doomed.Order(), worker.UnrecoverableItems.Select(i => i.ObjectName).Distinct().Order());
        Assert.All(grid.Repairs.Items, i => Assert.Contains(i.ObjectName, doomed));
        await AssertFullRedundancyAsync(grid, objects.Where(o => !doomed.Contains(o.Name)).ToArray());
        var verifier = new ObjectVerifier(grid.Maps, grid, grid.Membership, grid.Repairs);
        foreach (var name in doomed)
        {
            var result = await verifier.VerifyAsync((await grid.Reader.FindAsync("study-1", name))!, queueRepairs: false, CancellationToken.None);
            Assert.False(result.Recoverable);
        }
    }

    private static async Task<List<(string Name, byte[] Content)>> WriteAsync(FakeGrid grid, int count, int seed)
    {
        var objects = new List<(string, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var name = $"1.70.{seed}.{i}";
            var content = Content((i * 37_000) + 70_000, i % 4 == 0, seed * 100 + i);
            Assert.True((await Write(grid, name, content)).IsSuccess);
            objects.Add((name, content));
        }

        return objects;
    }

    private static async Task<AntiEntropyPass> AntiEntropyEverywhereAsync(FakeGrid grid, string? dead)
    {
        var total = new AntiEntropyPass(0, 0, 0, 0, 0, 0);
        foreach (var node in grid.Map.Nodes.Where(n => n.Id != dead))
        {
            var checker = new AntiEntropyChecker(node.Id, grid.Maps, grid, MembershipAfterSilence(grid, node.Id, dead), grid.Repairs, TimeSpan.Zero, NullLogger<AntiEntropyChecker>.Instance);
            total += await checker.CheckAsync(grid.Replica(node.Id).ListPartitionAsync("study-1"));
        }

        return total;
    }

    /// <summary>A membership view, as <paramref name="local"/> sees it, in which every node but <paramref name="dead"/> was just heard and the dead one has been silent past DownAfter.</summary>
    private static MembershipTable MembershipAfterSilence(FakeGrid grid, string local, string? dead)
    {
        var time = new SteppedTime();
        var options = new MembershipOptions();
        var membership = new MembershipTable(options, time, local);
        time.Advance(options.DownAfter + TimeSpan.FromSeconds(1));
        foreach (var node in grid.Map.Nodes.Where(n => n.Id != dead))
        {
            membership.Heard(node.Id);
        }

        return membership;
    }

    private static RepairWorker Worker(FakeGrid grid, out CodecPool codecs)
    {
        codecs = new CodecPool();
        var repairer = new GridRepairer(grid.Maps, grid, grid.Membership, codecs, new GridReadOptions(), TimeSpan.Zero, TimeProvider.System, NullLogger<GridRepairer>.Instance);
        return new RepairWorker(grid.Repairs, repairer, new RepairOptions { BytesPerSecond = long.MaxValue / 2, BatchSize = 10_000 }, TimeProvider.System, NullLogger<RepairWorker>.Instance);
    }

    /// <summary>Every object: all k+m shards of every part verified good where the manifest now says, and bit-exact on read.</summary>
    private static async Task AssertFullRedundancyAsync(FakeGrid grid, IReadOnlyList<(string Name, byte[] Content)> objects)
    {
        var verifier = new ObjectVerifier(grid.Maps, grid, grid.Membership, grid.Repairs);
        foreach (var (name, content) in objects)
        {
            GridManifest manifest = (await grid.Reader.FindAsync("study-1", name))!;
            var result = await verifier.VerifyAsync(manifest, queueRepairs: false, CancellationToken.None);
            Assert.True(result.Complete, $"{name}: {result.OkShards}/{result.TotalShards}");
            Assert.Equal(content, await ReadBack(grid, name));
        }
    }
}
