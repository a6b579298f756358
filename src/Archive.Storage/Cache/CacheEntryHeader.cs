using System.Buffers.Binary;
using Archive.Codec.Fixity;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Cache;

/// <summary>
/// Header of a cache file, v1.0, 96 bytes (frozen by golden tests); the object's bytes follow:
/// <code>
///  0  8 magic "ACACHEOB"   8 1 major (1)   9 1 minor (0)   10 6 reserved
/// 16 16 object id (big-endian)   32 4 version   36 4 reserved   40 8 object length
/// 48 32 SHA-256 of the object    80 8 reserved  88 8 XXH3-64 of bytes [0, 88)
/// </code>
/// </summary>
internal readonly record struct CacheEntryHeader(ObjectKey Key, long Length, Sha256Digest Sha256)
{
    public const int Size = 96;

    public void Write(Span<byte> d)
    {
        d[..Size].Clear();
        "ACACHEOB"u8.CopyTo(d);
        d[8] = 1;
        Key.Id.Write(d[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[32..], Key.Version);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], Length);
        Sha256.Bytes.CopyTo(d[48..]);
        BinaryPrimitives.WriteUInt64LittleEndian(d[88..], Checksum64.Compute(d[..88]));
    }

    public static bool TryRead(ReadOnlySpan<byte> s, out CacheEntryHeader header)
    {
        header = default;
        if (s.Length < Size || !s[..8].SequenceEqual("ACACHEOB"u8) || s[8] != 1
            || BinaryPrimitives.ReadUInt64LittleEndian(s[88..]) != Checksum64.Compute(s[..88]))
        {
            return false;
        }

        header = new CacheEntryHeader(
            new ObjectKey(ObjectId.Read(s[16..]), BinaryPrimitives.ReadUInt32LittleEndian(s[32..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            new Sha256Digest(s.Slice(48, 32)));
        return header.Length >= 0;
    }
}
