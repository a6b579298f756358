using Archive.Grid.Manifests;
using Archive.Grid.Writing;
using Archive.Testing.Fakes;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Manifests;

public sealed class ShardCarriedManifestsTests
{
    [Fact]
    public async Task MayWriteUnsynced_OnlyANewSinglePartManifestWhollyOnTheReplicasNode()
    {
        using var single = new FakeGrid(1, disksPerNode: 6);
        var local = (await Write(single, "1.60", Content(200_000, true, 60))).Manifest!;
        var now = local.CreatedAt + TimeSpan.FromSeconds(1);

        Assert.True(ShardCarriedManifests.MayWriteUnsynced(local, "n000", now));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local, "n001", now));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local, "n000", local.CreatedAt + ShardCarriedManifests.CommitWindow));
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(local with { Parts = [local.Parts[0], local.Parts[0]] }, "n000", now));

        using var spread = new FakeGrid(6);
        var elsewhere = (await Write(spread, "1.61", Content(200_000, true, 61))).Manifest!;
        Assert.False(ShardCarriedManifests.MayWriteUnsynced(elsewhere, "n000", now));
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
