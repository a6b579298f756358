using System.Buffers.Binary;
using Archive.Storage;
using Archive.Storage.Primitives;

namespace Archive.Index.Inventory;

/// <summary>
/// Big-endian key encodings, so RocksDB's bytewise order is (object, version, shard) order and one
/// object's shards share a 16-byte prefix. Frozen by golden tests. Pure and thread-safe.
/// </summary>
internal static class IndexKeys
{
    public const int ShardKeyLength = 22;
    public const int ObjectKeyLength = 20;
    public const int CheckpointKeyLength = 24;

    public static byte[] Shard(ShardKey key)
    {
        var bytes = new byte[ShardKeyLength];
        key.Object.Id.Write(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), key.Object.Version);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(20), key.ShardIndex);
        return bytes;
    }

    public static ShardKey ReadShard(ReadOnlySpan<byte> bytes) =>
        bytes.Length != ShardKeyLength
            ? ThrowHelper.Corrupt<ShardKey>("Index shard key has the wrong length.")
            : new ShardKey(ObjectId.Read(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[20..]));

    public static byte[] Object(ObjectKey key)
    {
        var bytes = new byte[ObjectKeyLength];
        key.Id.Write(bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), key.Version);
        return bytes;
    }

    public static byte[] ObjectPrefix(ObjectId id)
    {
        var bytes = new byte[ObjectId.Size];
        id.Write(bytes);
        return bytes;
    }

    public static byte[] Checkpoint(DiskId disk, ulong segmentId)
    {
        var bytes = new byte[CheckpointKeyLength];
        disk.Value.TryWriteBytes(bytes);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), segmentId);
        return bytes;
    }

    public static (DiskId Disk, ulong SegmentId) ReadCheckpoint(ReadOnlySpan<byte> bytes) =>
        bytes.Length != CheckpointKeyLength
            ? ThrowHelper.Corrupt<(DiskId, ulong)>("Index checkpoint key has the wrong length.")
            : (new DiskId(new Guid(bytes[..16])), BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]));
}
