using Archive.Grid.Manifests;
using Archive.Grid.Writing;
using Archive.Grid.Peers;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
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
    public async Task Assemble_EveryShardOfASinglePartObjectCarriesItsWholeManifest()
    {
        using var grid = new FakeGrid(1, disksPerNode: 6);
        var manifest = (await Write(grid, "1.62", Content(300_000, false, 62))).Manifest!;
        var key = manifest.Parts[0].StorageKey;

        var record = await grid.Store("n000").GetManifestAsync(key);
        var carried = Assert.Single(ShardCarriedManifests.Assemble([(new ShardKey(key, 3), record!, 1UL)]));

        Assert.Equal(GridManifestCodec.Encode(manifest), GridManifestCodec.Encode(carried));
    }

    [Fact]
    public async Task Assemble_ALargerObject_OnceEveryPartIsAmongTheRecords()
    {
        using var grid = new FakeGrid(1, disksPerNode: 6, writeOptions: new GridWriteOptions { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 });
        var manifest = (await Write(grid, "1.63", Content(600_000, false, 63))).Manifest!;
        Assert.True(manifest.Parts.Count > 1);
        var records = new List<(ShardKey, ObjectManifest, ulong)>();
        foreach (var part in manifest.Parts)
        {
            records.Add((new ShardKey(part.StorageKey, 1), (await grid.Store("n000").GetManifestAsync(part.StorageKey))!, (ulong)records.Count));
        }

        Assert.Empty(ShardCarriedManifests.Assemble(records.Skip(1)));
        Assert.Equal(GridManifestCodec.Encode(manifest), GridManifestCodec.Encode(Assert.Single(ShardCarriedManifests.Assemble(records))));
        Assert.Empty(ShardCarriedManifests.Assemble(records.Select(r => (new ShardKey(manifest.Parts[0].StorageKey, 1), r.Item2, r.Item3)).Skip(1))); // a descriptor under another key
    }

    [Fact]
    public async Task Assemble_OfTwoRecordsOfOnePart_TheLaterPlacementWins()
    {
        // A shard repaired onto another disk carries the placement committed after the write's.
        using var grid = new FakeGrid(1, disksPerNode: 6);
        var manifest = (await Write(grid, "1.64", Content(300_000, false, 64))).Manifest!;
        var part = manifest.Parts[0];
        var moved = part with { Shards = part.Shards.Select((s, i) => i == 2 ? s with { DiskId = part.Shards[5].DiskId } : s).ToArray() };
        var key = new ShardKey(part.StorageKey, 2);
        var written = ShardTransfer.StorageManifest(manifest, 0, part);
        var repaired = ShardTransfer.StorageManifest(manifest, 0, moved);

        var later = Assert.Single(ShardCarriedManifests.Assemble([(key, written, 10UL), (key, repaired, 20UL)]));
        var earlier = Assert.Single(ShardCarriedManifests.Assemble([(key, written, 30UL), (key, repaired, 20UL)]));

        Assert.Equal(part.Shards[5].DiskId, later.Parts[0].Shards[2].DiskId);
        Assert.Equal(part.Shards[2].DiskId, earlier.Parts[0].Shards[2].DiskId);
    }
}
