using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Storage.Tests.Support;

/// <summary>Deterministic shards: content is a pure function of (object id, shard index, length).</summary>
public static class Shards
{
    public static ObjectManifest Manifest(ObjectId id, uint version = 1, int blockSize = 4096, byte k = 4, byte m = 2, long objectLength = 1000) =>
        new(new ObjectKey(id, version), objectLength, Sha256Digest.Compute(id.ToString().Select(c => (byte)c).ToArray()), "ec-4-2", k, m, blockSize,
            ChecksumAlgorithm.XxHash3_64, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), [0x10, 0x00, 0x20, 0x00]);

    public static byte[] Content(ObjectId id, ushort shard, int length)
    {
        var bytes = new byte[length];
        new Random(HashCode.Combine(id.High, id.Low, shard)).NextBytes(bytes);
        return bytes;
    }

    public static ObjectId Id(int n) => new(0xA000_0000_0000_0000UL + (uint)n, (uint)n * 0x9E37_79B9_7F4A_7C15UL);

    public static ShardWrite Write(int n, ushort shard = 0, int length = 10_000, int blockSize = 4096, DiskId? disk = null)
    {
        var id = Id(n);
        return new ShardWrite(Manifest(id, blockSize: blockSize), shard, Content(id, shard, length), disk);
    }
}
