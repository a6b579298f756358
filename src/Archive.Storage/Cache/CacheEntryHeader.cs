using System.Buffers.Binary;
using Archive.Codec.Fixity;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Cache;

/// <summary>
/// Header of one record in a replica cache segment, v2.0, 96 bytes (frozen by golden tests); for an entry the
/// object's bytes follow, for padding <see cref="Length"/> bytes to skip (a write that failed):
/// <code>
///  0  8 magic "ACACHEOB"   8 1 major (2)   9 1 minor (0)   10 1 kind (0 entry, 1 padding)   11 5 reserved
/// 16 16 object id (big-endian)   32 4 version   36 4 reserved   40 8 length of what follows
/// 48 32 SHA-256 of the object    80 8 reserved  88 8 XXH3-64 of bytes [0, 88)
/// </code>
/// Version 1 was the header of a file per object (sessions before the segments); it is not read.
/// </summary>
internal readonly record struct CacheEntryHeader(ObjectKey Key, long Length, Sha256Digest Sha256, CacheRecordKind Kind = CacheRecordKind.Entry)
{
    public const int Size = 96;

    private const byte Major = 2;

    /// <summary>Bytes the record takes in its segment, header included.</summary>
    public long RecordLength => Size + Length;

    /// <summary>The header of <paramref name="length"/> bytes of padding (a region to skip).</summary>
    public static CacheEntryHeader Padding(long length) => new(default, length, default, CacheRecordKind.Padding);

    public void Write(Span<byte> d)
    {
        d[..Size].Clear();
        "ACACHEOB"u8.CopyTo(d);
        d[8] = Major;
        d[10] = (byte)Kind;
        Key.Id.Write(d[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[32..], Key.Version);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], Length);
        Sha256.Bytes.CopyTo(d[48..]);
        BinaryPrimitives.WriteUInt64LittleEndian(d[88..], Checksum64.Compute(d[..88]));
    }

    public static bool TryRead(ReadOnlySpan<byte> s, out CacheEntryHeader header)
    {
        header = default;
        if (s.Length < Size || !s[..8].SequenceEqual("ACACHEOB"u8) || s[8] != Major || s[10] > (byte)CacheRecordKind.Padding
            || BinaryPrimitives.ReadUInt64LittleEndian(s[88..]) != Checksum64.Compute(s[..88]))
        {
            return false;
        }

        header = new CacheEntryHeader(
            new ObjectKey(ObjectId.Read(s[16..]), BinaryPrimitives.ReadUInt32LittleEndian(s[32..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            new Sha256Digest(s.Slice(48, 32)),
            (CacheRecordKind)s[10]);
        return header.Length >= 0;
    }
}

/// <summary>What a cache segment record holds.</summary>
internal enum CacheRecordKind : byte
{
    /// <summary>A whole object.</summary>
    Entry = 0,

    /// <summary>Bytes to skip: a reserved record whose write failed.</summary>
    Padding = 1,
}
