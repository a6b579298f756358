using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;

namespace Archive.Grid.Manifests;

/// <summary>
/// The persisted form of <see cref="GridManifest"/> (catalog replicas and every shard record).
/// <para>Layout v1.0, little-endian, frozen by golden tests:</para>
/// <code>
/// magic "AGMF", major 1, minor 0, reserved u16
/// object id (16, big-endian) · name (u16 length + UTF-8) · partition key (u16 + UTF-8)
/// object length i64 · SHA-256 (32) · storage class (u8 + ASCII)
/// k u8 · m u8 · checksum algorithm u8 · reserved u8 · block size i32 · created at i64 (Unix ms)
/// first part index u32 · total parts u32 · parts in this record u32 (all of them in a manifest,
///   one in the descriptor a shard record carries), then per part: storage id (16) + version u32 · offset i64 · length i64 ·
///   stored length i64 · flags u8 (bit 0 compressed) · shard count u8 ·
///   per shard: node id (u8 + ASCII) · disk id (u8 + ASCII)
/// attributes (u32 length + bytes)
/// XxHash3-64 of everything before it (u64)
/// </code>
/// Readers accept any minor version of major 1 (minor versions only append before the checksum).
/// </summary>
public static class GridManifestCodec
{
    public const uint Magic = 0x464D4741; // "AGMF"
    public const byte MajorVersion = 1;
    public const byte MinorVersion = 0;

    public const int MaxNameLength = 256;
    public const int MaxAttributesLength = 64 * 1024;
    public const int MaxParts = 4096;

    /// <summary>Fits inside a shard record's opaque attributes (256 KiB) with room to spare.</summary>
    public const int MaxEncodedLength = 240 * 1024;

    /// <summary>Encodes a whole manifest; throws <see cref="ArgumentException"/> when a field is over its cap.</summary>
    public static byte[] Encode(GridManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Encode(manifest, 0, manifest.Parts.Count);
    }

    /// <summary>
    /// Encodes the descriptor of part <paramref name="partIndex"/> of <paramref name="totalParts"/>
    /// that the part's shard records carry: the manifest's fields with only that part.
    /// </summary>
    public static byte[] EncodePart(GridManifest header, int partIndex, int totalParts, ObjectPart part)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Encode(header with { Parts = [part] }, partIndex, totalParts);
    }

    /// <summary>Decodes a whole manifest (a part descriptor is refused).</summary>
    public static GridManifest Decode(ReadOnlySpan<byte> bytes)
    {
        var decoded = DecodeAny(bytes);
        return decoded.FirstPartIndex == 0 && decoded.TotalParts == decoded.Manifest.Parts.Count
            ? decoded.Manifest
            : throw new GridManifestFormatException("this is a part descriptor, not a whole manifest");
    }

    private static byte[] Encode(GridManifest manifest, int firstPart, int totalParts)
    {
        if (manifest.Parts.Count is 0 or > MaxParts || manifest.Attributes.Length > MaxAttributesLength)
        {
            throw new ArgumentException("manifest has too many parts or too many attribute bytes", nameof(manifest));
        }

        var buffer = new ArrayBufferWriter<byte>(512 + manifest.Attributes.Length + (manifest.Parts.Count * 64 * manifest.TotalShards));
        var w = new Writer(buffer);
        w.U32(Magic);
        w.U8(MajorVersion);
        w.U8(MinorVersion);
        w.U16(0);
        w.ObjectId(manifest.ObjectId);
        w.Text16(manifest.ObjectName, MaxNameLength);
        w.Text16(manifest.PartitionKey, MaxNameLength);
        w.I64(manifest.ObjectLength);
        w.Bytes(manifest.Sha256.Bytes);
        w.Ascii8(manifest.StorageClass);
        w.U8(checked((byte)manifest.DataShards));
        w.U8(checked((byte)manifest.ParityShards));
        w.U8((byte)manifest.Checksum);
        w.U8(0);
        w.I32(manifest.BlockSize);
        w.I64(manifest.CreatedAt.ToUnixTimeMilliseconds());
        w.U32((uint)firstPart);
        w.U32((uint)totalParts);
        w.U32((uint)manifest.Parts.Count);
        foreach (var part in manifest.Parts)
        {
            if (part.Shards.Count != manifest.TotalShards)
            {
                throw new ArgumentException("every part must list k + m shard locations", nameof(manifest));
            }

            w.ObjectId(part.StorageKey.Id);
            w.U32(part.StorageKey.Version);
            w.I64(part.ObjectOffset);
            w.I64(part.Length);
            w.I64(part.StoredLength);
            w.U8(part.Compressed ? (byte)1 : (byte)0);
            w.U8((byte)part.Shards.Count);
            foreach (var shard in part.Shards)
            {
                w.Ascii8(shard.NodeId);
                w.Ascii8(shard.DiskId);
            }
        }

        w.U32((uint)manifest.Attributes.Length);
        w.Bytes(manifest.Attributes.Span);
        w.U64(XxHash3.HashToUInt64(buffer.WrittenSpan));
        if (buffer.WrittenCount > MaxEncodedLength)
        {
            throw new ArgumentException($"encoded manifest is {buffer.WrittenCount} bytes, over {MaxEncodedLength}", nameof(manifest));
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a manifest or a part descriptor; throws <see cref="GridManifestFormatException"/> on anything malformed or corrupt.</summary>
    public static DecodedManifest DecodeAny(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || bytes.Length > MaxEncodedLength)
        {
            throw new GridManifestFormatException($"length {bytes.Length} is not a manifest's");
        }

        var body = bytes[..^8];
        if (XxHash3.HashToUInt64(body) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]))
        {
            throw new GridManifestFormatException("checksum mismatch");
        }

        var r = new Reader(body);
        if (r.U32() != Magic)
        {
            throw new GridManifestFormatException("bad magic");
        }

        var major = r.U8();
        r.U8();
        r.U16();
        if (major != MajorVersion)
        {
            throw new GridManifestFormatException($"major version {major} is not supported");
        }

        var objectId = r.ObjectId();
        var name = r.Text16(MaxNameLength);
        var partition = r.Text16(MaxNameLength);
        var length = r.I64();
        var sha = new Sha256Digest(r.Bytes(Sha256Digest.Length));
        var storageClass = r.Ascii8();
        int k = r.U8(), m = r.U8();
        var checksum = (ChecksumAlgorithm)r.U8();
        r.U8();
        var blockSize = r.I32();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(r.I64());
        var firstPart = r.U32();
        var totalParts = r.U32();
        var partCount = r.U32();
        if (partCount is 0 or > MaxParts || totalParts is 0 or > MaxParts || firstPart + partCount > totalParts || k < 1 || k + m > 255 || length < 0 || blockSize <= 0)
        {
            throw new GridManifestFormatException("field out of range");
        }

        var parts = new ObjectPart[partCount];
        for (var p = 0; p < partCount; p++)
        {
            var key = new ObjectKey(r.ObjectId(), r.U32());
            long offset = r.I64(), partLength = r.I64(), stored = r.I64();
            var compressed = (r.U8() & 1) != 0;
            int shardCount = r.U8();
            if (shardCount != k + m)
            {
                throw new GridManifestFormatException("part shard count differs from k + m");
            }

            var shards = new ShardLocation[shardCount];
            for (var s = 0; s < shardCount; s++)
            {
                shards[s] = new ShardLocation(r.Ascii8(), r.Ascii8());
            }

            parts[p] = new ObjectPart(key, offset, partLength, stored, compressed, shards);
        }

        var attributesLength = r.U32();
        if (attributesLength > MaxAttributesLength)
        {
            throw new GridManifestFormatException("attributes over their cap");
        }

        var attributes = r.Bytes((int)attributesLength).ToArray();
        var manifest = new GridManifest(objectId, name, partition, length, sha, storageClass, k, m, blockSize, checksum, created, parts, attributes);
        return new DecodedManifest(manifest, (int)firstPart, (int)totalParts);
    }

    private ref struct Writer(ArrayBufferWriter<byte> buffer)
    {
        public readonly void U8(byte v) => Bytes([v]);

        public readonly void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);

        public readonly void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);

        public readonly void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), v);

        public readonly void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), v);

        public readonly void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);

        public readonly void ObjectId(ObjectId id) => id.Write(Take(Storage.Primitives.ObjectId.Size));

        public readonly void Bytes(ReadOnlySpan<byte> v) => buffer.Write(v);

        public readonly void Text16(string text, int max)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length > max)
            {
                throw new ArgumentException($"'{text[..Math.Min(text.Length, 32)]}…' is over {max} bytes");
            }

            U16((ushort)bytes.Length);
            Bytes(bytes);
        }

        public readonly void Ascii8(string text)
        {
            if (text.Length > 255 || text.Any(c => c > 127))
            {
                throw new ArgumentException($"'{text}' must be at most 255 ASCII characters");
            }

            U8((byte)text.Length);
            Bytes(Encoding.ASCII.GetBytes(text));
        }

        private readonly Span<byte> Take(int count)
        {
            var span = buffer.GetSpan(count)[..count];
            buffer.Advance(count);
            return span;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> source)
    {
        private ReadOnlySpan<byte> _rest = source;

        public byte U8() => Bytes(1)[0];

        public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        public ObjectId ObjectId() => Storage.Primitives.ObjectId.Read(Bytes(Storage.Primitives.ObjectId.Size));

        public string Text16(int max)
        {
            var length = U16();
            return length > max ? throw new GridManifestFormatException("text over its cap") : Encoding.UTF8.GetString(Bytes(length));
        }

        public string Ascii8() => Encoding.ASCII.GetString(Bytes(U8()));

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > _rest.Length)
            {
                throw new GridManifestFormatException("truncated");
            }

            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }
    }
}

/// <summary>A decoded manifest, or a part descriptor (<see cref="Manifest"/> then holds only the parts from <see cref="FirstPartIndex"/>).</summary>
public sealed record DecodedManifest(GridManifest Manifest, int FirstPartIndex, int TotalParts);

/// <summary>A manifest's bytes are malformed or corrupt.</summary>
public sealed class GridManifestFormatException(string reason) : Exception("invalid grid manifest: " + reason);
