using Archive.Grid.Coding;
using Archive.Grid.Manifests;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Repair;

/// <summary>Repair over in-memory grids (ec-4-2): missed, lost and corrupt shards come back to k+m verified shards.</summary>
public sealed class GridRepairTests
{
    private static readonly GridWriteOptions SmallParts = new() { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 };

    [Fact]
    public async Task Worker_NodeDeadDuringWritesThenRevived_EveryObjectBackToFullRedundancy()
    {
        using var grid = new FakeGrid(6, writeOptions: SmallParts);
        grid.Kill("n003");
        var objects = await WriteMany(grid, 10);
        Assert.NotEqual(0, grid.Repairs.Count);
        grid.Revive("n003");
        using var codecs = new CodecPool();
        var worker = Worker(grid, codecs);

        var pass = await worker.RunOnceAsync();

        Assert.Equal(pass.Attempted, pass.Repaired);
        Assert.Equal(0, grid.Repairs.Count);
        foreach (var (name, content) in objects)
        {
            await AssertFullRedundancy(grid, name);
            Assert.Equal(content, await ReadBack(grid, name));
        }

        // n003 now holds its manifest replicas again too: reads with any two others down still work.
        grid.Kill("n000", "n001");
        foreach (var (name, content) in objects)
        {
            Assert.Equal(content, await ReadBack(grid, name));
        }
    }

    [Fact]
    public async Task Worker_NodeLostForGood_MovesShardsElsewhereAndCommitsPlacement()
    {
        using var grid = new FakeGrid(7, writeOptions: SmallParts);
        grid.Kill("n003");
        var objects = await WriteMany(grid, 10);
        Assert.Contains(grid.Repairs.Items, i => i.Reason == RepairReason.MissedOnWrite);
        using var codecs = new CodecPool();
        var worker = Worker(grid, codecs);
        var moves = 0;
        worker.MovedShards += () => Interlocked.Increment(ref moves);

        await worker.RunOnceAsync();

        Assert.DoesNotContain(grid.Repairs.Items, i => i.PartIndex >= 0);
        Assert.NotEqual(0, moves); // what asks for a rebalance pass once every node is up again
        foreach (var (name, content) in objects)
        {
            var manifest = await AssertFullRedundancy(grid, name);
            Assert.All(manifest.Parts.SelectMany(p => p.Shards), s => Assert.NotEqual("n003", s.NodeId));
            Assert.Equal(manifest.TotalShards, manifest.Parts[0].Shards.Select(s => s.NodeId).Distinct().Count());
            Assert.Equal(content, await ReadBack(grid, name));
        }
    }

    [Fact]
    public async Task Worker_HomeNodeSilentLessThanReplaceAfter_WaitsInsteadOfMovingShards()
    {
        using var grid = new FakeGrid(7, writeOptions: SmallParts);
        grid.Kill("n003");
        var objects = await WriteMany(grid, 6);
        var queued = grid.Repairs.Items.Count(i => i.PartIndex >= 0);
        var missed = grid.Repairs.Items.Where(i => i.PartIndex >= 0).Select(i => i.ObjectName).ToHashSet();
        Assert.NotEqual(0, queued);
        using var codecs = new CodecPool();

        var waiting = await Worker(grid, codecs, replaceAfter: TimeSpan.FromHours(1)).RunOnceAsync();

        Assert.Equal(queued, grid.Repairs.Items.Count(i => i.PartIndex >= 0));
        Assert.True(waiting.Retried >= queued);
        grid.Revive("n003");
        await Worker(grid, codecs, replaceAfter: TimeSpan.FromHours(1)).RunOnceAsync();
        Assert.Equal(0, grid.Repairs.Count);
        foreach (var (name, _) in objects)
        {
            var manifest = await AssertFullRedundancy(grid, name);
            Assert.Equal(missed.Contains(name), manifest.Parts.SelectMany(p => p.Shards).Any(s => s.NodeId == "n003"));
        }
    }

    [Fact]
    public async Task Repair_CorruptShards_RebuiltWithTheOriginalBytes()
    {
        using var grid = new FakeGrid(6);
        var content = Content(200_000, false, 21);
        var manifest = (await Write(grid, "1.21", content)).Manifest!;
        var part = manifest.Parts[0];
        var before = await ShardBytes(grid, part, 1);
        grid.Store(part.Shards[1].NodeId).Corrupted.Add(new(part.StorageKey, 1));
        grid.Store(part.Shards[5].NodeId).Corrupted.Add(new(part.StorageKey, 5));
        using var codecs = new CodecPool();

        var outcome = await Repairer(grid, codecs).RepairAsync(Item(manifest, 0, [1, 5], RepairReason.BadOnScrub));

        Assert.Equal(RepairStatus.Repaired, outcome.Status);
        Assert.Equal(0, outcome.Moved);
        await AssertFullRedundancy(grid, "1.21");
        Assert.Equal(before, await ShardBytes(grid, part, 1));
    }

    [Fact]
    public async Task Repair_ShardRebuiltOnAnotherNode_TheCopyItLeftIsDeletedThere()
    {
        using var grid = new FakeGrid(7);
        var manifest = (await Write(grid, "1.23", Content(100_000, false, 23))).Manifest!;
        var part = manifest.Parts[0];
        var key = new Archive.Storage.Primitives.ShardKey(part.StorageKey, 2);
        var home = grid.Store(part.Shards[2].NodeId);
        home.Corrupted.Add(key);
        home.Full = true; // the rebuilt shard cannot go back home: it moves to the seventh node
        using var codecs = new CodecPool();

        var outcome = await Repairer(grid, codecs).RepairAsync(Item(manifest, 0, [2], RepairReason.BadOnScrub));

        Assert.Equal(RepairStatus.Repaired, outcome.Status);
        Assert.Equal(1, outcome.Moved);
        await AssertFullRedundancy(grid, "1.23");
        // The rotten copy no manifest names any more was left behind (and, for a lost disk's entries, kept it reported).
        Assert.DoesNotContain(key, home.Keys);
    }

    [Fact]
    public async Task Repair_BadShardFoundWhileReading_IsRebuiltToo()
    {
        using var grid = new FakeGrid(6);
        var manifest = (await Write(grid, "1.22", Content(100_000, false, 22))).Manifest!;
        var part = manifest.Parts[0];
        await grid.Store(part.Shards[0].NodeId).DeleteAsync(new(part.StorageKey, 0));
        grid.Store(part.Shards[2].NodeId).Corrupted.Add(new(part.StorageKey, 2));
        using var codecs = new CodecPool();

        var outcome = await Repairer(grid, codecs).RepairAsync(Item(manifest, 0, [0], RepairReason.BadOnRead));

        Assert.Equal(RepairStatus.Repaired, outcome.Status);
        await AssertFullRedundancy(grid, "1.22");
    }

    [Fact]
    public async Task Worker_MoreThanMCorrupt_ReportsExactlyThoseObjectsAndKeepsThem()
    {
        using var grid = new FakeGrid(6);
        var manifests = new List<GridManifest>();
        for (var i = 0; i < 6; i++)
        {
            manifests.Add((await Write(grid, "1.30." + i, Content(50_000 + i, false, 30 + i))).Manifest!);
        }

        var lost = new[] { manifests[1], manifests[4] };
        foreach (var manifest in manifests)
        {
            int[] bad = lost.Contains(manifest) ? [0, 2, 5] : [3];
            foreach (var index in bad)
            {
                grid.Store(manifest.Parts[0].Shards[index].NodeId).Corrupted.Add(new(manifest.Parts[0].StorageKey, (ushort)index));
            }

            await grid.Repairs.EnqueueAsync(Item(manifest, 0, bad, RepairReason.BadOnScrub));
        }

        // The same lost part queued again by another finder, shards in another order: still one unrecoverable part.
        await grid.Repairs.EnqueueAsync(Item(lost[0], 0, [5, 2, 0], RepairReason.MissingOnCheck));

        using var codecs = new CodecPool();
        var worker = Worker(grid, codecs);
        var pass = await worker.RunOnceAsync();

        Assert.Equal(new RepairPass(7, 4, 0, 3), pass);
        Assert.Equal(2, worker.Unrecoverable);
        Assert.Equal(["1.30.1", "1.30.4"], worker.UnrecoverableItems.Select(i => i.ObjectName).Order());
        Assert.Equal(["1.30.1", "1.30.1", "1.30.4"], grid.Repairs.Items.Select(i => i.ObjectName).Order());
        foreach (var manifest in manifests.Except(lost))
        {
            await AssertFullRedundancy(grid, manifest.ObjectName);
        }
    }

    [Fact]
    public async Task Worker_NoTargetLeft_KeepsItemAndBacksOff_UntilAPeerIsBack()
    {
        using var grid = new FakeGrid(6);
        grid.Kill("n002");
        await WriteMany(grid, 3);
        var queued = grid.Repairs.Count;
        Assert.NotEqual(0, queued);
        using var codecs = new CodecPool();
        var worker = Worker(grid, codecs, new RepairOptions { RetryBackoff = TimeSpan.FromHours(1), MaxRetryBackoff = TimeSpan.FromHours(2) });

        var first = await worker.RunOnceAsync();
        var second = await worker.RunOnceAsync();

        Assert.Equal(0, first.Repaired);
        Assert.Equal(queued, first.Retried);
        Assert.Equal(new RepairPass(0, 0, 0, 0), second);
        Assert.Equal(queued, grid.Repairs.Count);
        Assert.Equal(queued, worker.WaitingForDisk); // sweep P: they retried unseen; status and metrics now count them

        // Sweep S: parts that could not be rebuilt while nodes were gone stayed "unrecoverable" in status for up to the
        // back-off after the nodes were back: a peer back has the next pass try them.
        grid.Revive("n002");
        worker.RetrySoon();
        var back = await worker.RunOnceAsync();
        Assert.Equal(queued, back.Attempted);
        Assert.Equal(queued, back.Repaired);
        Assert.Equal(0, worker.WaitingForDisk);
    }

    [Fact]
    public async Task Repair_ManifestReplicaMissed_PutsManifestOnThatNode()
    {
        using var grid = new FakeGrid(6);
        var manifest = (await Write(grid, "1.40", Content(10_000, false, 40))).Manifest!;
        var replicaNode = grid.Map.Nodes.First(n => grid.Replica(n.Id).Count == 1).Id;
        var empty = grid.Map.Nodes.First(n => grid.Replica(n.Id).Count == 0).Id;
        using var codecs = new CodecPool();

        var outcome = await Repairer(grid, codecs).RepairAsync(new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, -1, [], 6, RepairReason.ManifestReplicaMissed, empty));

        Assert.Equal(RepairStatus.Repaired, outcome.Status);
        Assert.Equal(1, grid.Replica(empty).Count);
        Assert.Equal(1, grid.Replica(replicaNode).Count);
    }

    private static GridRepairer Repairer(FakeGrid grid, CodecPool codecs, TimeSpan? replaceAfter = null) =>
        new(grid.Maps, grid, grid.Membership, codecs, new GridReadOptions(), replaceAfter ?? TimeSpan.Zero, TimeProvider.System, NullLogger<GridRepairer>.Instance);

    private static RepairWorker Worker(FakeGrid grid, CodecPool codecs, RepairOptions? options = null, TimeSpan? replaceAfter = null) =>
        new(grid.Repairs, Repairer(grid, codecs, replaceAfter), options ?? new RepairOptions { BytesPerSecond = long.MaxValue / 2 }, TimeProvider.System, NullLogger<RepairWorker>.Instance);

    private static RepairItem Item(GridManifest manifest, int part, int[] shards, RepairReason reason) =>
        new(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, part, shards, manifest.TotalShards - shards.Length, reason);

    private static async Task<List<(string Name, byte[] Content)>> WriteMany(FakeGrid grid, int count)
    {
        var objects = new List<(string, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var content = Content((i * 53_000) + 1_000, i % 2 == 0, 100 + i);
            var name = "1.50." + i;
            Assert.True((await Write(grid, name, content)).IsSuccess);
            objects.Add((name, content));
        }

        return objects;
    }

    /// <summary>Every shard of every part verifies where the committed manifest says it lives.</summary>
    private static async Task<GridManifest> AssertFullRedundancy(FakeGrid grid, string name)
    {
        var manifest = await grid.Reader.FindAsync("study-1", name);
        Assert.NotNull(manifest);
        foreach (var part in manifest.Parts)
        {
            for (var i = 0; i < part.Shards.Count; i++)
            {
                var verify = await grid.Store(part.Shards[i].NodeId).VerifyAsync(new ShardKey(part.StorageKey, (ushort)i));
                Assert.True(verify.Status == ShardStatus.Ok, $"{name} shard {i} on {part.Shards[i].NodeId}: {verify.Status}");
            }
        }

        return manifest;
    }

    private static async Task<byte[]> ShardBytes(FakeGrid grid, ObjectPart part, int index)
    {
        var buffer = new byte[1 << 20];
        var read = await grid.Store(part.Shards[index].NodeId).ReadAsync(new ShardKey(part.StorageKey, (ushort)index), 0, buffer);
        Assert.Equal(ShardStatus.Ok, read.Status);
        return buffer.AsSpan(0, read.BytesRead).ToArray();
    }
}
