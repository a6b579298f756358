using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Archive.Index.Inventory;
using Archive.Index.Schema;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using RocksDbSharp;

namespace Archive.Index;

/// <summary>
/// <see cref="IShardIndex"/> over RocksDB with one column family per table (<see cref="IndexSchema"/>).
/// Opening checks the schema version and runs the explicit upgrade steps. Thread-safe (RocksDB is);
/// owns the database handle and closes it on <see cref="Dispose"/>.
/// </summary>
public sealed class RocksShardIndex : IShardIndex
{
    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle _shards;
    private readonly ColumnFamilyHandle _manifests;
    private readonly ColumnFamilyHandle _checkpoints;
    private readonly WriteOptions _fast = new WriteOptions().SetSync(false);
    private readonly WriteOptions _durable = new WriteOptions().SetSync(true);

    private RocksShardIndex(RocksDb db)
    {
        _db = db;
        _shards = db.GetColumnFamily(IndexSchema.Shards);
        _manifests = db.GetColumnFamily(IndexSchema.Manifests);
        _checkpoints = db.GetColumnFamily(IndexSchema.Checkpoints);
    }

    /// <summary>The database handle, for schema tests.</summary>
    internal RocksDb Database => _db;

    /// <summary>Schema version found on disk before any upgrade ran (for reports and tests).</summary>
    public uint OpenedVersion { get; private init; }

    /// <summary>Opens or creates the index in <paramref name="directory"/>, upgrading older schemas.</summary>
    /// <exception cref="IndexSchemaException">The schema is newer than this build or unreadable.</exception>
    public static RocksShardIndex Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var options = new DbOptions().SetCreateIfMissing(true).SetCreateMissingColumnFamilies(true);
        bool exists = File.Exists(Path.Combine(directory, "CURRENT"));
        var names = exists ? RocksDb.ListColumnFamilies(options, directory).ToList() : ["default", .. IndexSchema.ColumnFamilies];
        var families = new ColumnFamilies();
        foreach (var name in names.Where(n => n != "default"))
        {
            families.Add(name, RocksTables.Options());
        }

        var db = RocksDb.Open(options, directory, families);
        try
        {
            uint version = ReadVersion(db, exists);
            for (uint v = version; v < IndexSchema.CurrentVersion; v++)
            {
                var step = IndexSchema.Steps.SingleOrDefault(s => s.FromVersion == v)
                    ?? throw new IndexSchemaException($"No upgrade step from index schema v{v}.");
                step.Apply(db);
                WriteVersion(db, v + 1);
            }

            foreach (var name in IndexSchema.ColumnFamilies)
            {
                if (!db.TryGetColumnFamily(name, out _))
                {
                    throw new IndexSchemaException($"Index schema v{IndexSchema.CurrentVersion} lacks column family '{name}'.");
                }
            }

            return new RocksShardIndex(db) { OpenedVersion = version };
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static uint ReadVersion(RocksDb db, bool existed)
    {
        var value = db.Get(IndexSchema.VersionKey.ToArray());
        if (value is null)
        {
            if (existed && db.TryGetColumnFamily(IndexSchema.Shards, out _))
            {
                throw new IndexSchemaException("The index has data but no schema version; rebuild it from the disks.");
            }

            WriteVersion(db, IndexSchema.CurrentVersion);
            return IndexSchema.CurrentVersion;
        }

        uint version = value.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(value) : uint.MaxValue;
        if (version == 0 || version > IndexSchema.CurrentVersion)
        {
            throw new IndexSchemaException($"Index schema v{version} is not readable by this build (v{IndexSchema.CurrentVersion}).");
        }

        return version;
    }

    internal static void WriteVersion(RocksDb db, uint version)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, version);
        db.Put(IndexSchema.VersionKey.ToArray(), bytes, writeOptions: new WriteOptions().SetSync(true));
    }

    /// <inheritdoc />
    public bool TryGetShard(ShardKey key, out ShardLocation location)
    {
        var value = _db.Get(IndexKeys.Shard(key), _shards);
        location = value is null ? default : LocationCodec.Decode(value);
        return value is not null;
    }

    /// <inheritdoc />
    public bool TryGetManifest(ObjectKey key, [NotNullWhen(true)] out byte[]? manifest)
    {
        manifest = _db.Get(IndexKeys.Object(key), _manifests);
        return manifest is not null;
    }

    /// <inheritdoc />
    public IEnumerable<ShardEntry> EnumerateShards(ObjectId? objectId = null)
    {
        byte[]? prefix = objectId is { } id ? IndexKeys.ObjectPrefix(id) : null;
        using var iterator = _db.NewIterator(_shards);
        if (prefix is null)
        {
            iterator.SeekToFirst();
        }
        else
        {
            iterator.Seek(prefix);
        }

        for (; iterator.ValidOrThrow(); iterator.Next())
        {
            var key = iterator.Key();
            if (prefix is not null && !key.AsSpan().StartsWith(prefix))
            {
                yield break;
            }

            yield return new ShardEntry(IndexKeys.ReadShard(key), LocationCodec.Decode(iterator.Value()));
        }
    }

    /// <inheritdoc />
    public IEnumerable<SegmentCheckpoint> EnumerateCheckpoints()
    {
        using var iterator = _db.NewIterator(_checkpoints);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
        {
            var (disk, segment) = IndexKeys.ReadCheckpoint(iterator.Key());
            yield return new SegmentCheckpoint(disk, segment, BinaryPrimitives.ReadInt64LittleEndian(iterator.Value()));
        }
    }

    /// <inheritdoc />
    public void Commit(IndexBatch batch, bool durable)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var write = new WriteBatch();
        foreach (var op in batch.Operations)
        {
            switch (op.Kind)
            {
                case IndexOperationKind.PutShard:
                    write.Put(IndexKeys.Shard(op.Shard), LocationCodec.Encode(op.Location), _shards);
                    break;
                case IndexOperationKind.DeleteShard:
                    write.Delete(IndexKeys.Shard(op.Shard), _shards);
                    break;
                case IndexOperationKind.PutManifest:
                    write.Put(IndexKeys.Object(op.Object), op.Manifest!, _manifests);
                    break;
                case IndexOperationKind.DeleteManifest:
                    write.Delete(IndexKeys.Object(op.Object), _manifests);
                    break;
                case IndexOperationKind.SetCheckpoint:
                    var length = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(length, op.Checkpoint.IndexedLength);
                    write.Put(IndexKeys.Checkpoint(op.Checkpoint.Disk, op.Checkpoint.SegmentId), length, _checkpoints);
                    break;
                case IndexOperationKind.DeleteCheckpoint:
                    write.Delete(IndexKeys.Checkpoint(op.Checkpoint.Disk, op.Checkpoint.SegmentId), _checkpoints);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(batch), op.Kind, "Unknown index operation.");
            }
        }

        _db.Write(write, durable ? _durable : _fast);
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
