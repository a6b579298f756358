using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Writing;

/// <summary>Deferred compression over six in-memory nodes: acknowledged uncompressed, compressed later, old shards gone, bytes exact throughout.</summary>
public sealed class DeferredCompressionTests
{
    private static readonly GridWriteOptions Deferred = new()
    {
        PartShardBytes = 64 * 1024,
        BlockSize = 16 * 1024,
        CompressWhen = CompressionTiming.Deferred,
        DeferredCompressionDelay = TimeSpan.Zero,
        ReplacedShardGrace = TimeSpan.Zero,
    };

    [Fact]
    public async Task Write_IsStoredUncompressed_ThenCompressedInTheBackground_AndTheReplacedShardsDeleted()
    {
        var queue = new InMemoryDeferredCompressionQueue();
        using var grid = new FakeGrid(6, writeOptions: Deferred, deferredCompression: queue);
        var content = Content(600_000, compressible: true, seed: 3);

        var outcome = await Write(grid, "1.2.3", content);
        Assert.Equal(GridWriteStatus.Stored, outcome.Status);
        Assert.All(outcome.Manifest!.Parts, p => Assert.False(p.Compressed));
        var step = Assert.Single(queue.Items);
        Assert.Equal(DeferredStep.Compress, step.Step);
        var rawKeys = AllShardKeys(grid);

        var worker = Worker(grid, queue);
        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        var compressed = (await grid.Reader.FindAsync("study-1", "1.2.3"))!;
        Assert.True(ManifestPlacement.CompressedParts(compressed) > 0);
        Assert.True(compressed.Parts.Sum(p => p.StoredLength) < content.Length * 0.9);
        Assert.Equal(content, await ReadBack(grid, "1.2.3"));
        Assert.Equal(DeferredStep.DeleteReplaced, Assert.Single(queue.Items).Step);

        Assert.Equal(1, await worker.RunOnceAsync(CancellationToken.None));
        Assert.Empty(queue.Items);
        var left = AllShardKeys(grid);
        var replaced = compressed.Parts.Where(p => ObjectIdentity.IsRecoded(p.StorageKey)).Select(p => p.StorageKey.Id).ToHashSet();
        Assert.DoesNotContain(left, k => k.Object.Version == 1 && replaced.Contains(k.Object.Id));
        Assert.Equal(compressed.Parts.Sum(p => p.Shards.Count), left.Count);
        Assert.True(rawKeys.Count == left.Count);
        Assert.Equal(content, await ReadBack(grid, "1.2.3"));
    }

    [Fact]
    public async Task IncompressibleObject_StaysAsItIs()
    {
        var queue = new InMemoryDeferredCompressionQueue();
        using var grid = new FakeGrid(6, writeOptions: Deferred, deferredCompression: queue);
        var content = Content(300_000, compressible: false, seed: 4);
        var stored = (await Write(grid, "1.2.4", content)).Manifest!;

        await Worker(grid, queue).RunOnceAsync(CancellationToken.None);
        Assert.Empty(queue.Items);
        Assert.Equal(stored.Parts.Select(p => p.StorageKey), (await grid.Reader.FindAsync("study-1", "1.2.4"))!.Parts.Select(p => p.StorageKey));
        Assert.Equal(content, await ReadBack(grid, "1.2.4"));
    }

    [Fact]
    public async Task TwoNodesDown_CompressionWaits_AndNothingIsLost()
    {
        var queue = new InMemoryDeferredCompressionQueue();
        using var grid = new FakeGrid(6, writeOptions: Deferred, deferredCompression: queue);
        var content = Content(300_000, compressible: true, seed: 5);
        await Write(grid, "1.2.5", content);

        var nodes = grid.Map.Nodes.Select(n => n.Id).ToArray();
        grid.Kill(nodes[0], nodes[1], nodes[2]); // below k + 1: the compressed shards cannot reach their quorum
        await Worker(grid, queue).RunOnceAsync(CancellationToken.None);
        var waiting = Assert.Single(queue.Items);
        Assert.Equal(DeferredStep.Compress, waiting.Step);
        Assert.True(waiting.Due > DateTimeOffset.UtcNow);

        grid.Revive(nodes[0], nodes[1], nodes[2]);
        Assert.Equal(content, await ReadBack(grid, "1.2.5"));
        Assert.All((await grid.Reader.FindAsync("study-1", "1.2.5"))!.Parts, p => Assert.False(p.Compressed));
    }

    [Fact]
    public async Task ANodeDownDuringCompression_ItsShardsOfTheCompressedPartsAreQueuedForRepair()
    {
        var queue = new InMemoryDeferredCompressionQueue();
        using var grid = new FakeGrid(6, writeOptions: Deferred, deferredCompression: queue);
        var content = Content(200_000, compressible: true, seed: 6);
        await Write(grid, "1.2.6", content);

        grid.Kill(grid.Map.Nodes[4].Id); // k + 1 = 5 of 6 still answer: the compressed parts reach their quorum
        await Worker(grid, queue).RunOnceAsync(CancellationToken.None);
        var compressed = (await grid.Reader.FindAsync("study-1", "1.2.6"))!;
        Assert.True(ManifestPlacement.CompressedParts(compressed) > 0);
        var repairs = await grid.Repairs.PeekAsync(100);
        Assert.Contains(repairs, r => r.ObjectName == "1.2.6" && r.Reason == Archive.Grid.Repair.RepairReason.MissedOnWrite && r.ShardIndices.Count == 1);
        Assert.Equal(content, await ReadBack(grid, "1.2.6"));
    }

    [Fact]
    public async Task AMoverMovedAShardWhileCompressing_TheCommitIsRefused_AndTheRetryLeavesNoShardUnnamed()
    {
        var queue = new InMemoryDeferredCompressionQueue();
        using var grid = new FakeGrid(7, writeOptions: Deferred, deferredCompression: queue);
        var content = Content(200_000, compressible: true, seed: 8);
        await Write(grid, "1.2.8", content);
        var stored = (await grid.Reader.FindAsync("study-1", "1.2.8"))!;

        // A rebalance moves shard 0 of part 0 to the node that holds none of the part, after the compressor read the
        // manifest: copy, commit the move on the replicas, delete the old copy.
        var part = stored.Parts[0];
        var spare = grid.Map.AllDisks().First(d => part.Shards.All(s => s.NodeId != d.Node.Id));
        var key = new ShardKey(part.StorageKey, 0);
        var shard = new byte[new Codec.Layout.StripeLayout(stored.DataShards, stored.BlockSize).ShardLength(part.StoredLength)];
        Assert.Equal(ShardStatus.Ok, (await grid.Store(part.Shards[0].NodeId).ReadAsync(key, 0, shard)).Status);
        var moved = stored with { Parts = [part with { Shards = part.Shards.Select((s, i) => i == 0 ? new ShardLocation(spare.Node.Id, spare.Disk.Id) : s).ToArray() }, .. stored.Parts.Skip(1)] };
        Assert.Equal(ShardStatus.Ok, (await grid.Store(spare.Node.Id).PutAsync(new ShardWrite(ShardTransfer.StorageManifest(moved, 0, moved.Parts[0]), 0, shard))).Status);
        foreach (var node in grid.Map.Nodes.Where(n => grid.Replica(n.Id).GetVersionsAsync(stored.PartitionKey, stored.ObjectId).Result.Count > 0))
        {
            Assert.True(await grid.Replica(node.Id).MovePlacementAsync(stored, moved));
        }

        await grid.Store(part.Shards[0].NodeId).DeleteAsync(key);

        // The compressor commits from what it read: refused, since deleting the replaced shards where that copy places
        // them would leave the moved one unnamed on the spare node.
        var (outcome, _) = await grid.Writer.CompressDeferredAsync(stored, new MemoryStream(content), null);
        Assert.Equal(DeferredCompressionOutcome.Retry, outcome);

        var worker = Worker(grid, queue);
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Empty(queue.Items);
        var compressed = (await grid.Reader.FindAsync("study-1", "1.2.8"))!;
        Assert.True(ManifestPlacement.CompressedParts(compressed) > 0);
        var named = compressed.Parts.SelectMany(p => p.Shards.Select((s, i) => (s.NodeId, new ShardKey(p.StorageKey, (ushort)i)))).ToHashSet();
        var held = grid.Map.Nodes.SelectMany(n => grid.Store(n.Id).Keys.Select(k => (n.Id, k))).ToHashSet();
        Assert.Equal(named.OrderBy(x => x.ToString()), held.OrderBy(x => x.ToString()));
        Assert.Equal(content, await ReadBack(grid, "1.2.8"));
    }

    private static DeferredCompressionWorker Worker(FakeGrid grid, InMemoryDeferredCompressionQueue queue) =>
        new(queue, grid.Writer, grid.Reader, Deferred, Path.GetTempPath(), TimeProvider.System, NullLogger<DeferredCompressionWorker>.Instance);

    private static List<Storage.Primitives.ShardKey> AllShardKeys(FakeGrid grid) =>
        grid.Map.Nodes.SelectMany(n => grid.Store(n.Id).Keys).ToList();
}
