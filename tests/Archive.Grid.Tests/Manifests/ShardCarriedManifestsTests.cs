using Archive.Grid.Manifests;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Testing.Fakes;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Manifests;

public sealed class ShardCarriedManifestsTests
{
    [Fact]
    public async Task MayWriteUnsynced_OnlyANewSinglePartManifestWithAShardDurableOnTheReplicasNode()
    {
        using var single = new FakeGrid(1, disksPerNode: 6);
        var local = (await Write(single, "1.60", Content(200_000, true, 60))).Manifest!;
        var now = local.CreatedAt + TimeSpan.FromSeconds(1);
        Func<ShardKey, bool> held = key => single.Store("n000").Keys.Contains(key);

        Assert.True(ShardCarriedManifests.MayWriteUnsynced(local, "n000", now, held));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local, "n001", now, held));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local, "n000", local.CreatedAt + ShardCarriedManifests.CommitWindow, held));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local with { Parts = [local.Parts[0], local.Parts[0]] }, "n000", now, held));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local, "n000", now, _ => false)); // no shard durable here yet

        // On a six-node grid each node holds one shard: a replica may rely on its own, once it is durable.
        using var spread = new FakeGrid(6);
        var elsewhere = (await Write(spread, "1.61", Content(200_000, true, 61))).Manifest!;
        var node = elsewhere.Parts[0].Shards[2].NodeId;
        Assert.True(ShardCarriedManifests.MayWriteUnsynced(elsewhere, node, now, key => spread.Store(node).Keys.Contains(key)));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(elsewhere, node, now, key => key.ShardIndex != 2 && spread.Store(node).Keys.Contains(key)));
    }

    [Fact]
    public async Task FromShardRecord_EveryShardOfASinglePartObjectCarriesItsWholeManifest()
    {
        using var grid = new FakeGrid(1, disksPerNode: 6);
        var manifest = (await Write(grid, "1.62", Content(300_000, false, 62))).Manifest!;

        var record = await grid.Store("n000").GetManifestAsync(manifest.Parts[0].StorageKey);
        var carried = ShardCarriedManifests.FromShardRecord(record!);

        Assert.NotNull(carried);
        Assert.Equal(GridManifestCodec.Encode(manifest), GridManifestCodec.Encode(carried));
    }

    [Fact]
    public async Task FromShardRecord_APartOfALargerObjectIsNotAWholeManifest()
    {
        using var grid = new FakeGrid(1, disksPerNode: 6, writeOptions: new GridWriteOptions { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 });
        var manifest = (await Write(grid, "1.63", Content(600_000, false, 63))).Manifest!;
        Assert.True(manifest.Parts.Count > 1);

        var record = await grid.Store("n000").GetManifestAsync(manifest.Parts[1].StorageKey);

        Assert.Null(ShardCarriedManifests.FromShardRecord(record!));
    }
}
