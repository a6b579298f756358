using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Writing;
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
        var replaced = compressed.Parts.Where(p => p.StorageKey.Version == ObjectIdentity.CompressedPartVersion).Select(p => p.StorageKey.Id).ToHashSet();
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

    private static DeferredCompressionWorker Worker(FakeGrid grid, InMemoryDeferredCompressionQueue queue) =>
        new(queue, grid.Writer, grid.Reader, Deferred, Path.GetTempPath(), TimeProvider.System, NullLogger<DeferredCompressionWorker>.Instance);

    private static List<Storage.Primitives.ShardKey> AllShardKeys(FakeGrid grid) =>
        grid.Map.Nodes.SelectMany(n => grid.Store(n.Id).Keys).ToList();
}
