using System.Security.Cryptography;
using System.Text;
using Archive.Codec.Fixity;
using Archive.Storage.Primitives;

namespace Archive.Grid.Objects;

/// <summary>
/// How names become ids. Fixed forever: placement and every shard key depend on them.
/// <list type="bullet">
/// <item>Object id: the first 16 bytes of SHA-256("archive-object\0" + name).</item>
/// <item>Part key: id = the first 16 bytes of SHA-256("archive-part\0" + name + "\0" + sha256 + part
/// + encoding), version 1, where encoding (<see cref="EncodingOf"/>) names how the part was coded: k, m, block
/// size and checksum, whether compressed, and the XXH3-64 of the bytes coded. Content-derived, so two versions of
/// one object (or two writers racing with different bytes) never overwrite each other's shards, and two writers
/// racing with the same bytes write the same shards under one key only when they coded them the same way (two
/// nodes of different builds, or settings, during a rolling upgrade get keys of their own). Parts written before
/// session 13 have keys without the encoding; their manifests name them.</item>
/// <item>A version of the same id from <see cref="FirstRecodedVersion"/> up: the part re-encoded compressed by
/// deferred compression (same placement, its own shards), the version derived from the re-encoding's encoding as
/// above (two nodes of different builds re-encoding one part at once get keys of their own). Parts re-encoded before
/// session 14 have version 2.</item>
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

    /// <summary>
    /// The storage key of part <paramref name="part"/> of the version of <paramref name="name"/> with <paramref name="sha256"/>
    /// as parts were keyed before session 13 (without their encoding); tests and tools keying parts of their own use it.
    /// </summary>
    public static ObjectKey PartKey(string name, Sha256Digest sha256, int part) => PartKey(name, sha256, part, []);

    /// <summary>
    /// The storage key of part <paramref name="part"/> of the version of <paramref name="name"/> with
    /// <paramref name="sha256"/>, coded as <paramref name="encoding"/> says (<see cref="EncodingOf"/>).
    /// </summary>
    public static ObjectKey PartKey(string name, Sha256Digest sha256, int part, ReadOnlySpan<byte> encoding)
    {
        var prefix = Encoding.UTF8.GetBytes("archive-part\0" + name + "\0");
        var input = new byte[prefix.Length + Sha256Digest.Length + 4 + encoding.Length];
        prefix.CopyTo(input, 0);
        sha256.Bytes.CopyTo(input.AsSpan(prefix.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(prefix.Length + Sha256Digest.Length), part);
        encoding.CopyTo(input.AsSpan(prefix.Length + Sha256Digest.Length + 4));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new ObjectKey(ObjectId.Read(hash), 1);
    }

    /// <summary>How a part was coded, for its key: k, m, block size, checksum, compressed or not, and the XXH3-64 of the bytes coded.</summary>
    public static byte[] EncodingOf(int dataShards, int parityShards, int blockSize, byte checksum, bool compressed, ReadOnlySpan<byte> coded)
    {
        var encoding = new byte[16];
        encoding[0] = (byte)dataShards;
        encoding[1] = (byte)parityShards;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(encoding.AsSpan(2), blockSize);
        encoding[6] = checksum;
        encoding[7] = compressed ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(encoding.AsSpan(8), System.IO.Hashing.XxHash3.HashToUInt64(coded));
        return encoding;
    }

    /// <summary>The first storage key version of a part that deferred compression re-encoded (version 2 itself: before session 14).</summary>
    public const uint FirstRecodedVersion = 2;

    /// <summary>Whether <paramref name="key"/> names a part that deferred compression re-encoded.</summary>
    public static bool IsRecoded(ObjectKey key) => key.Version >= FirstRecodedVersion;

    /// <summary>
    /// The storage key of the part stored under <paramref name="stored"/> once re-encoded as <paramref name="encoding"/>
    /// (<see cref="EncodingOf"/>) says: its id, a version from 2^31 up derived from the encoding.
    /// </summary>
    public static ObjectKey RecodedPartKey(ObjectKey stored, ReadOnlySpan<byte> encoding) =>
        new(stored.Id, 0x8000_0000u | (uint)(System.IO.Hashing.XxHash3.HashToUInt64(encoding) & 0x7FFF_FFFF));

    /// <summary>The placement key of a storage key: its 16 id bytes.</summary>
    public static byte[] PlacementKey(ObjectKey key)
    {
        var bytes = new byte[ObjectId.Size];
        key.Id.Write(bytes);
        return bytes;
    }
}
