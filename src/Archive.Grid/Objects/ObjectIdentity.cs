using System.Security.Cryptography;
using System.Text;
using Archive.Codec.Fixity;
using Archive.Storage.Primitives;

namespace Archive.Grid.Objects;

/// <summary>
/// How names become ids. Fixed forever: placement and every shard key depend on them.
/// <list type="bullet">
/// <item>Object id: the first 16 bytes of SHA-256("archive-object\0" + name).</item>
/// <item>Part key: id = the first 16 bytes of SHA-256("archive-part\0" + name + "\0" + sha256 + part),
/// version 1. Content-derived, so two versions of one object (or two writers racing with
/// different bytes) can never overwrite each other's shards.</item>
/// <item>Version <see cref="CompressedPartVersion"/> of the same id: the part re-encoded compressed by
/// deferred compression (same placement, its own shards).</item>
/// </list>
/// </summary>
public static class ObjectIdentity
{
    /// <summary>The object id for a caller's name (a SOP Instance UID).</summary>
    public static ObjectId ObjectIdOf(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("archive-object\0" + name), hash);
        return ObjectId.Read(hash);
    }

    /// <summary>The storage key of part <paramref name="part"/> of the version of <paramref name="name"/> with <paramref name="sha256"/>.</summary>
    public static ObjectKey PartKey(string name, Sha256Digest sha256, int part)
    {
        var prefix = Encoding.UTF8.GetBytes("archive-part\0" + name + "\0");
        var input = new byte[prefix.Length + Sha256Digest.Length + 4];
        prefix.CopyTo(input, 0);
        sha256.Bytes.CopyTo(input.AsSpan(prefix.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(prefix.Length + Sha256Digest.Length), part);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new ObjectKey(ObjectId.Read(hash), 1);
    }

    /// <summary>Storage key version of a part that deferred compression re-encoded.</summary>
    public const uint CompressedPartVersion = 2;

    /// <summary>The storage key of part <paramref name="part"/> re-encoded compressed (<see cref="CompressedPartVersion"/>).</summary>
    public static ObjectKey CompressedPartKey(string name, Sha256Digest sha256, int part) =>
        new(PartKey(name, sha256, part).Id, CompressedPartVersion);

    /// <summary>The placement key of a storage key: its 16 id bytes.</summary>
    public static byte[] PlacementKey(ObjectKey key)
    {
        var bytes = new byte[ObjectId.Size];
        key.Id.Write(bytes);
        return bytes;
    }
}
