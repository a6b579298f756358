using System.Buffers.Binary;
using Text = System.Text;
using Archive.Codec.Fixity;
using Archive.Storage.Primitives;

namespace Archive.Index.Manifests;

/// <summary>
/// Keys of the <c>manifests</c> column family, frozen by golden tests:
/// <c>u16 BE partition key length · partition key UTF-8 · object id (16, BE) · SHA-256 (32)</c>.
/// Bytewise order is (partition, object id, version hash), so a partition and one object's
/// versions are prefix ranges. Pure and thread-safe.
/// </summary>
internal static class ManifestKeys
{
    public static byte[] Partition(string partitionKey)
    {
        var length = Text.Encoding.UTF8.GetByteCount(partitionKey);
        var bytes = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)length));
        Text.Encoding.UTF8.GetBytes(partitionKey, bytes.AsSpan(2));
        return bytes;
    }

    public static byte[] Object(string partitionKey, ObjectId objectId)
    {
        var partition = Partition(partitionKey);
        var bytes = new byte[partition.Length + ObjectId.Size];
        partition.CopyTo(bytes, 0);
        objectId.Write(bytes.AsSpan(partition.Length));
        return bytes;
    }

    public static byte[] Version(string partitionKey, ObjectId objectId, Sha256Digest sha256)
    {
        var prefix = Object(partitionKey, objectId);
        var bytes = new byte[prefix.Length + Sha256Digest.Length];
        prefix.CopyTo(bytes, 0);
        sha256.Bytes.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
