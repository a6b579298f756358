using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Grid.Manifests;
using Archive.Grid.Objects;
using Archive.Grid.Repair;
using Archive.Codec.Compression;
using Archive.Grid.Writing;
using Archive.Index.DeferredCompression;
using Archive.Index.Manifests;
using Archive.Index.Repair;

namespace Archive.Index.Tests.Grid;

public sealed class GridDatabaseTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "grid-db-" + Guid.NewGuid().ToString("N"));

    private static GridManifest Manifest(string partition, string name, byte seed, long createdAtMs)
    {
        var sha = Sha256Digest.Compute([seed]);
        var part = new ObjectPart(ObjectIdentity.PartKey(name, sha, 0), 0, 10, 10, false,
            Enumerable.Range(0, 6).Select(i => new ShardLocation($"node-{i + 1}", $"{i:x32}")).ToArray());
        return new GridManifest(ObjectIdentity.ObjectIdOf(name), name, partition, 10, sha, "ec-4-2", 4, 2, 16384, ChecksumAlgorithm.XxHash3_64,
            DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs), [part], new byte[] { 7 });
    }

    private static RepairItem Item(string name, int surviving, int part = 0, params int[] shards) =>
        new("study", name, Sha256Digest.Compute([(byte)name.Length]), part, shards, surviving, RepairReason.MissedOnWrite);

    [Fact]
    public async Task ManifestReplica_VersionsOfOneObject_OldestFirstAndPutIsIdempotent()
    {
        using var db = GridDatabase.Open(_directory);
        var replica = new RocksManifestReplica(db);
        var older = Manifest("study-1", "sop-1", 1, 1_000);
        var newer = Manifest("study-1", "sop-1", 2, 2_000);

        Assert.True(await replica.PutAsync(newer));
        Assert.True(await replica.PutAsync(older));
        Assert.True(await replica.PutAsync(newer with { CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(9_000) })); // same version: first copy kept

        var versions = await replica.GetVersionsAsync("study-1", ObjectIdentity.ObjectIdOf("sop-1"));
        Assert.Equal([older.Sha256, newer.Sha256], versions.Select(v => v.Sha256));
        Assert.Equal(2_000, versions[1].CreatedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task DeferredCompressionQueue_DueItemsInOrder_CompleteRemoves_AndSurvivesReopen()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(50_000);
        var later = new DeferredCompressionItem(DeferredStep.DeleteReplaced, now.AddMinutes(10), Manifest("study-1", "sop-2", 2, 1_000), null);
        var due = new DeferredCompressionItem(DeferredStep.Compress, now, Manifest("study-1", "sop-1", 1, 1_000), new PixelRegion(300, 524_288, 512));
        using (var db = GridDatabase.Open(_directory))
        {
            var queue = new RocksDeferredCompressionQueue(db);
            await queue.EnqueueAsync(later);
            await queue.EnqueueAsync(due);
            await queue.EnqueueAsync(due); // idempotent
            Assert.Equal(2, queue.Count);
            var peeked = Assert.Single(await queue.PeekDueAsync(now, 10));
            Assert.Equal(due.Pixels, peeked.Pixels);
            Assert.Equal(due.Manifest.Sha256, peeked.Manifest.Sha256);
            await queue.CompleteAsync(due);
            Assert.Empty(await queue.PeekDueAsync(now, 10));
        }

        using (var db = GridDatabase.Open(_directory))
        {
            var queue = new RocksDeferredCompressionQueue(db);
            Assert.Equal(1, queue.Count);
            var item = Assert.Single(await queue.PeekDueAsync(now.AddHours(1), 10));
            Assert.Equal(DeferredStep.DeleteReplaced, item.Step);
            Assert.Null(item.Pixels);
        }
    }

    [Fact]
    public async Task ManifestReplica_PlacementUpdate_ReplacesShardLocationsOnly()
    {
        using var db = GridDatabase.Open(_directory);
        var replica = new RocksManifestReplica(db);
        var held = Manifest("study-1", "sop-1", 1, 1_000);
        var part = held.Parts[0];
        var moved = held with { Parts = [part with { Shards = part.Shards.Select((s, i) => i == 2 ? new ShardLocation("node-9", $"{9:x32}") : s).ToArray() }] };

        Assert.True(await replica.PutAsync(held));
        Assert.True(await replica.PutAsync(moved));
        Assert.True(await replica.PutAsync(moved with { Parts = held.Parts, Attributes = new byte[] { 8 } })); // not a pure move: ignored

        var stored = Assert.Single(await replica.GetVersionsAsync("study-1", ObjectIdentity.ObjectIdOf("sop-1")));
        Assert.Equal("node-9", stored.Parts[0].Shards[2].NodeId);
        Assert.Equal(new byte[] { 7 }, stored.Attributes.ToArray());
    }

    [Fact]
    public async Task ManifestReplica_MovePlacement_CompareAndSetPerShard_SurvivesReopen()
    {
        var held = Manifest("study-1", "sop-1", 1, 1_000);
        GridManifest Move(GridManifest m, int shard, int node) =>
            m with { Parts = [m.Parts[0] with { Shards = m.Parts[0].Shards.Select((s, i) => i == shard ? new ShardLocation($"node-{node}", $"{node:x32}") : s).ToArray() }] };
        using (var db = GridDatabase.Open(_directory))
        {
            var replica = new RocksManifestReplica(db);
            Assert.True(await replica.PutAsync(held));
            Assert.True(await replica.MovePlacementAsync(held, Move(held, 1, 8)));  // repair moved shard 1
            Assert.True(await replica.MovePlacementAsync(held, Move(held, 4, 9)));  // rebalancing, from the same read, moved shard 4: both land
            Assert.False(await replica.MovePlacementAsync(held, Move(held, 1, 7))); // shard 1 already moved by someone else: refused
        }

        using (var db = GridDatabase.Open(_directory))
        {
            var stored = Assert.Single(await new RocksManifestReplica(db).GetVersionsAsync("study-1", ObjectIdentity.ObjectIdOf("sop-1")));
            Assert.Equal(["node-1", "node-8", "node-3", "node-4", "node-9", "node-6"], stored.Parts[0].Shards.Select(s => s.NodeId));
        }
    }

    [Fact]
    public async Task ManifestReplica_Partitions_AreExactPrefixRanges()
    {
        using var db = GridDatabase.Open(_directory);
        var replica = new RocksManifestReplica(db);
        await replica.PutAsync(Manifest("study-1", "a", 1, 1));
        await replica.PutAsync(Manifest("study-1", "b", 2, 1));
        await replica.PutAsync(Manifest("study-10", "c", 3, 1)); // "study-1" is a string prefix of it, not a partition prefix

        var listed = await replica.ListPartitionAsync("study-1").ToListAsync();

        Assert.Equal(["a", "b"], listed.Select(m => m.ObjectName).Order());
        Assert.True(listed.Select(m => m.ObjectId).SequenceEqual(listed.Select(m => m.ObjectId).Order()));
    }

    [Fact]
    public async Task RepairQueue_Peek_FewestSurvivorsFirst()
    {
        using var db = GridDatabase.Open(_directory);
        var queue = new RocksRepairQueue(db);
        await queue.EnqueueAsync(Item("five", 5, 0, 3));
        await queue.EnqueueAsync(Item("four", 4, 1, 0, 2));
        await queue.EnqueueAsync(Item("five", 5, 0, 3)); // duplicate: no second entry

        var items = await queue.PeekAsync(10);

        Assert.Equal(2, queue.Count);
        Assert.Equal(["four", "five"], items.Select(i => i.ObjectName));
        Assert.Equal([0, 2], items[0].ShardIndices);
    }

    [Fact]
    public async Task RepairQueue_Reopened_KeepsItemsAndCountUntilCompleted()
    {
        var item = Item("obj", 4, 2, 1, 5) with { NodeId = null };
        using (var db = GridDatabase.Open(_directory))
        {
            await new RocksRepairQueue(db).EnqueueAsync(item);
        }

        using (var db = GridDatabase.Open(_directory))
        {
            var queue = new RocksRepairQueue(db);
            Assert.Equal(1, queue.Count);
            var back = Assert.Single(await queue.PeekAsync(5));
            Assert.Equal(item with { ShardIndices = back.ShardIndices }, back);
            await queue.CompleteAsync(item);
            await queue.CompleteAsync(item);
            Assert.Equal(0, queue.Count);
        }
    }

    [Fact]
    public void RepairItemCodec_GoldenValue_Frozen()
    {
        var item = new RepairItem("p", "n", new Sha256Digest(new byte[32]), 1, [2], 5, RepairReason.BadOnRead, "node-1");

        var hex = Convert.ToHexString(RepairItemCodec.Encode(item));

        Assert.Equal("415250510100" + "0100" + "70" + "0100" + "6E" + new string('0', 64) + "01000000" + "0100" + "0200" + "05000000" + "02" + "0600" + "6E6F64652D31", hex);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
