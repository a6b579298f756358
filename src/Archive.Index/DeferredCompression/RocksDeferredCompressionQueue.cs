using System.Buffers.Binary;
using Archive.Codec.Compression;
using Archive.Grid.Manifests;
using Archive.Grid.Writing;
using RocksDbSharp;

namespace Archive.Index.DeferredCompression;

/// <summary>
/// The node's deferred compression steps in the <c>deferred-compression</c> column family of the
/// <see cref="GridDatabase"/>. Key: due time (Unix ms, big-endian, so iteration is by due time) ·
/// object id · SHA-256 · step. Value: step u8 · has pixels u8 · pixel offset i64 · pixel length i64 ·
/// row samples i32 · the manifest's persisted form. Writes are not synced (see
/// <see cref="IDeferredCompressionQueue"/>). Thread-safe; does not own the database.
/// </summary>
public sealed class RocksDeferredCompressionQueue : IDeferredCompressionQueue
{
    private const int KeyLength = 8 + 16 + 32 + 1;
    private const int ValueHeaderLength = 1 + 1 + 8 + 8 + 4;

    private readonly GridDatabase _database;
    private long _count;

    public RocksDeferredCompressionQueue(GridDatabase database)
    {
        _database = database;
        using var iterator = database.Db.NewIterator(database.DeferredCompression);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow(); iterator.Next())
        {
            _count++;
        }
    }

    public long Count => Interlocked.Read(ref _count);

    public ValueTask EnqueueAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = KeyOf(item);
        if (_database.Db.Get(key, _database.DeferredCompression) is null)
        {
            Interlocked.Increment(ref _count);
        }

        _database.Db.Put(key, ValueOf(item), _database.DeferredCompression, _database.Relaxed);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<DeferredCompressionItem>> PeekDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var items = new List<DeferredCompressionItem>();
        using var iterator = _database.Db.NewIterator(_database.DeferredCompression);
        for (iterator.SeekToFirst(); iterator.ValidOrThrow() && items.Count < max; iterator.Next())
        {
            var key = iterator.Key();
            if (key.Length != KeyLength || BinaryPrimitives.ReadInt64BigEndian(key) > now.ToUnixTimeMilliseconds())
            {
                break;
            }

            items.Add(Decode(key, iterator.Value()));
        }

        return ValueTask.FromResult<IReadOnlyList<DeferredCompressionItem>>(items);
    }

    public ValueTask CompleteAsync(DeferredCompressionItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = KeyOf(item);
        if (_database.Db.Get(key, _database.DeferredCompression) is not null)
        {
            _database.Db.Remove(key, _database.DeferredCompression, _database.Relaxed);
            Interlocked.Decrement(ref _count);
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] KeyOf(DeferredCompressionItem item)
    {
        var key = new byte[KeyLength];
        BinaryPrimitives.WriteInt64BigEndian(key, item.Due.ToUnixTimeMilliseconds());
        item.Manifest.ObjectId.Write(key.AsSpan(8));
        item.Manifest.Sha256.Bytes.CopyTo(key.AsSpan(24));
        key[^1] = (byte)item.Step;
        return key;
    }

    private static byte[] ValueOf(DeferredCompressionItem item)
    {
        var manifest = GridManifestCodec.Encode(item.Manifest);
        var value = new byte[ValueHeaderLength + manifest.Length];
        value[0] = (byte)item.Step;
        if (item.Pixels is { } pixels)
        {
            value[1] = 1;
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(2), pixels.Offset);
            BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(10), pixels.Length);
            BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(18), pixels.RowSamples);
        }

        manifest.CopyTo(value, ValueHeaderLength);
        return value;
    }

    private static DeferredCompressionItem Decode(byte[] key, byte[] value)
    {
        var due = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(key));
        PixelRegion? pixels = value[1] == 1
            ? new PixelRegion(BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(2)), BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(10)), BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan(18)))
            : null;
        return new DeferredCompressionItem((DeferredStep)value[0], due, GridManifestCodec.Decode(value.AsSpan(ValueHeaderLength)), pixels);
    }
}
