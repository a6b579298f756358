using System.Buffers.Binary;
using Archive.Codec.Framing;
using Archive.Index.Inventory;
using Archive.Index.Schema;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using RocksDbSharp;

namespace Archive.Index.Tests;

public sealed class RocksShardIndexTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "archive-index-tests", Guid.NewGuid().ToString("N"));
    private static readonly DiskId Disk = new(new Guid("00112233-4455-6677-8899-aabbccddeeff"));

    private static ShardLocation Location(long offset, ShardState state = ShardState.Live) =>
        new(Disk, 3, offset, 1000, 90, 800, 4096, ChecksumAlgorithm.XxHash3_64, state);

    [Fact]
    public void Commit_PutShardAndManifest_ReadBackAfterReopen()
    {
        var key = new ShardKey(new ObjectId(1, 2), 3, 4);
        using (var index = RocksShardIndex.Open(_dir))
        {
            index.Commit(new IndexBatch().PutShard(key, Location(64)).PutManifest(key.Object, [1, 2, 3]).SetCheckpoint(Disk, 3, 1064), durable: true);
        }

        using var reopened = RocksShardIndex.Open(_dir);
        Assert.True(reopened.TryGetShard(key, out var location));
        Assert.Equal(Location(64), location);
        Assert.True(reopened.TryGetManifest(key.Object, out var manifest));
        Assert.Equal([1, 2, 3], manifest);
        Assert.Equal([new SegmentCheckpoint(Disk, 3, 1064)], reopened.EnumerateCheckpoints());
    }

    [Fact]
    public void EnumerateShards_ByObject_ReturnsOnlyThatObjectInKeyOrder()
    {
        using var index = RocksShardIndex.Open(_dir);
        var batch = new IndexBatch();
        foreach (ulong o in new ulong[] { 5, 6, 7 })
        {
            for (ushort s = 0; s < 3; s++)
            {
                batch.PutShard(new ShardKey(new ObjectId(o, 0), 1, (ushort)(2 - s)), Location(s));
            }
        }

        index.Commit(batch, durable: false);
        var six = index.EnumerateShards(new ObjectId(6, 0)).Select(e => e.Key).ToList();
        Assert.Equal([0, 1, 2], six.Select(k => (int)k.ShardIndex));
        Assert.All(six, k => Assert.Equal(new ObjectId(6, 0), k.Object.Id));
        Assert.Equal(9, index.EnumerateShards().Count());
    }

    [Fact]
    public void Commit_DeleteShard_RemovesIt()
    {
        using var index = RocksShardIndex.Open(_dir);
        var key = new ShardKey(new ObjectId(1, 1), 1, 0);
        index.Commit(new IndexBatch().PutShard(key, Location(1)), durable: false);
        index.Commit(new IndexBatch().DeleteShard(key), durable: false);
        Assert.False(index.TryGetShard(key, out _));
    }

    [Fact]
    public void Open_SchemaV1_UpgradesToCurrentWithCheckpointsFamily()
    {
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        var families = new ColumnFamilies { { IndexSchema.Shards, new ColumnFamilyOptions() }, { IndexSchema.Manifests, new ColumnFamilyOptions() } };
        using (var v1 = RocksDb.Open(options, _dir, families))
        {
            var version = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(version, 1);
            v1.Put(IndexSchema.VersionKey.ToArray(), version);
            v1.Put(IndexKeys.Shard(new ShardKey(new ObjectId(9, 9), 1, 0)), LocationCodec.Encode(Location(7)), v1.GetColumnFamily(IndexSchema.Shards));
        }

        using (var index = RocksShardIndex.Open(_dir))
        {
            Assert.Equal(1u, index.OpenedVersion);
            Assert.True(index.TryGetShard(new ShardKey(new ObjectId(9, 9), 1, 0), out _));
            Assert.Empty(index.EnumerateCheckpoints());
            index.Commit(new IndexBatch().SetCheckpoint(Disk, 1, 64), durable: true);
        }

        using var again = RocksShardIndex.Open(_dir);
        Assert.Equal(IndexSchema.CurrentVersion, again.OpenedVersion);
        Assert.Single(again.EnumerateCheckpoints());
    }

    [Fact]
    public void Open_NewerSchema_IsRefused()
    {
        using (var index = RocksShardIndex.Open(_dir))
        {
            RocksShardIndex.WriteVersion(index.Database, IndexSchema.CurrentVersion + 1);
        }

        Assert.Throws<IndexSchemaException>(() => RocksShardIndex.Open(_dir));
    }

    [Fact]
    public void Encodings_V1_MatchGoldenBytes()
    {
        Assert.Equal("0000000000000001000000000000000200000003000" + "4", Convert.ToHexString(IndexKeys.Shard(new ShardKey(new ObjectId(1, 2), 3, 4))));
        Assert.Equal(
            "01332211005544776688" + "99AABBCCDDEEFF0300000000000000400000000000" + "0000E8030000000000005A000000200300000000" + "0000001000000101",
            Convert.ToHexString(LocationCodec.Encode(Location(64))));
        Assert.Equal(Location(64), LocationCodec.Decode(LocationCodec.Encode(Location(64))));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
