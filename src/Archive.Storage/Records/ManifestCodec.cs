using System.Buffers.Binary;
using System.Text;
using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Storage.Primitives;

namespace Archive.Storage.Records;

/// <summary>
/// Manifest encoding v1.0, little-endian except the object id (big-endian, sortable); frozen by golden tests:
/// <code>
///  0  4  magic "AMAN"          4 1 major (1)   5 1 minor (0)   6 1 k   7 1 m
///  8 16  object id            24 4 version    28 4 block size
/// 32  8  object length        40 32 SHA-256
/// 72  1  block checksum algorithm   73 1 storage class length L   74 2 reserved (0)
/// 76  8  created, Unix ms     84 4 attributes length A
/// 88  L  storage class (ASCII)      88+L  A  attributes (opaque)
/// </code>
/// Every length is checked against its limit before anything is allocated. Pure and thread-safe.
/// </summary>
public static class ManifestCodec
{
    /// <summary>Fixed part length.</summary>
    public const int FixedLength = 88;

    /// <summary>Largest opaque attribute blob.</summary>
    public const int MaxAttributesLength = 256 * 1024;

    /// <summary>Longest storage class name.</summary>
    public const int MaxStorageClassLength = 64;

    /// <summary>Largest encoded manifest.</summary>
    public const int MaxLength = FixedLength + MaxStorageClassLength + MaxAttributesLength;

    /// <summary>Major version written and read.</summary>
    public const byte Major = 1;

    /// <summary>Minor version written.</summary>
    public const byte Minor = 0;

    private const long MaxCreatedMilliseconds = 253_402_300_799_999; // 9999-12-31

    private static ReadOnlySpan<byte> Magic => "AMAN"u8;

    /// <summary>Encoded length of <paramref name="manifest"/>.</summary>
    public static int GetLength(ObjectManifest manifest)
    {
        Validate(manifest);
        return FixedLength + manifest.StorageClass.Length + manifest.Attributes.Length;
    }

    /// <summary>Encodes into a new array.</summary>
    public static byte[] Encode(ObjectManifest manifest)
    {
        var bytes = new byte[GetLength(manifest)];
        Write(manifest, bytes);
        return bytes;
    }

    /// <summary>Encodes into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(ObjectManifest manifest, Span<byte> destination)
    {
        int length = GetLength(manifest);
        var d = destination[..length];
        d.Clear();
        Magic.CopyTo(d);
        d[4] = Major;
        d[5] = Minor;
        d[6] = manifest.K;
        d[7] = manifest.M;
        manifest.Key.Id.Write(d[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[24..], manifest.Key.Version);
        BinaryPrimitives.WriteInt32LittleEndian(d[28..], manifest.BlockSize);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], manifest.ObjectLength);
        manifest.Sha256.Bytes.CopyTo(d[40..]);
        d[72] = (byte)manifest.BlockChecksum;
        d[73] = (byte)manifest.StorageClass.Length;
        BinaryPrimitives.WriteInt64LittleEndian(d[76..], manifest.CreatedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(d[84..], manifest.Attributes.Length);
        Encoding.ASCII.GetBytes(manifest.StorageClass, d[FixedLength..]);
        manifest.Attributes.CopyTo(d[(FixedLength + manifest.StorageClass.Length)..]);
        return length;
    }

    /// <summary>Decodes a manifest; false (nothing allocated) when the bytes are not a valid v1 manifest.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out ObjectManifest? manifest)
    {
        manifest = null;
        if (source.Length < FixedLength || !source[..4].SequenceEqual(Magic) || source[4] != Major)
        {
            return false;
        }

        int classLength = source[73];
        int attributesLength = BinaryPrimitives.ReadInt32LittleEndian(source[84..]);
        int blockSize = BinaryPrimitives.ReadInt32LittleEndian(source[28..]);
        long objectLength = BinaryPrimitives.ReadInt64LittleEndian(source[32..]);
        var algorithm = (ChecksumAlgorithm)source[72];
        long created = BinaryPrimitives.ReadInt64LittleEndian(source[76..]);
        if (created < 0 || created > MaxCreatedMilliseconds ||classLength > MaxStorageClassLength || (uint)attributesLength > MaxAttributesLength
            || source.Length != FixedLength + classLength + attributesLength
            || blockSize <= 0 || blockSize > BlockFrame.MaxPayloadLength || objectLength < 0
            || !BlockFrame.IsKnown(algorithm))
        {
            return false;
        }

        var storageClass = source.Slice(FixedLength, classLength);
        foreach (byte b in storageClass)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        manifest = new ObjectManifest(
            new ObjectKey(ObjectId.Read(source[8..]), BinaryPrimitives.ReadUInt32LittleEndian(source[24..])),
            objectLength,
            new Sha256Digest(source.Slice(40, 32)),
            Encoding.ASCII.GetString(storageClass),
            source[6],
            source[7],
            blockSize,
            algorithm,
            DateTimeOffset.FromUnixTimeMilliseconds(created),
            source.Slice(FixedLength + classLength, attributesLength).ToArray());
        return true;
    }

    private static void Validate(ObjectManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.StorageClass.Length > MaxStorageClassLength || manifest.StorageClass.Any(c => c is < ' ' or > '~'))
        {
            ThrowHelper.Argument(nameof(manifest), "Storage class must be printable ASCII of at most 64 characters.");
        }

        if (manifest.Attributes.Length > MaxAttributesLength)
        {
            ThrowHelper.Argument(nameof(manifest), "Attributes exceed the manifest limit.");
        }

        if (manifest.BlockSize <= 0 || manifest.BlockSize > BlockFrame.MaxPayloadLength || manifest.ObjectLength < 0
            || !BlockFrame.IsKnown(manifest.BlockChecksum))
        {
            ThrowHelper.Argument(nameof(manifest), "Block size, length or checksum algorithm out of range.");
        }
    }
}
