using System.Buffers.Binary;

namespace Archive.Codec.Compression;

/// <summary>
/// Header of the self-describing compressed container.
/// <para>Layout v1.0 (little-endian, frozen by golden tests):</para>
/// <code>
/// offset size field
///      0    4 magic "ACMP" (0x41 0x43 0x4D 0x50)
///      4    1 major version (1), readers reject others
///      5    1 minor version (0)
///      6    1 transform (<see cref="CompressionTransform"/>)
///      7    1 reserved, 0
///      8    8 original length (uint64)
///     16    8 region offset (byte-plane transforms; else 0)
///     24    8 region length (byte-plane transforms; else 0; even)
///     32    4 row samples (delta transform; else 0)
///     36    4 reserved, 0
///     40    8 payload length (uint64)
///     48    … payload (zstd frame, or the original bytes when Stored)
/// </code>
/// Integrity is not the container's job: the block frames and the object SHA-256 cover it.
/// </summary>
/// <param name="Transform">What the payload is.</param>
/// <param name="OriginalLength">Length of the object the container restores.</param>
/// <param name="Region">The transformed 16-bit region (byte-plane transforms only).</param>
/// <param name="PayloadLength">Bytes after the header.</param>
public readonly record struct CompressedContainer(
    CompressionTransform Transform,
    long OriginalLength,
    PixelRegion Region,
    long PayloadLength)
{
    /// <summary>"ACMP" as a little-endian uint32.</summary>
    public const uint Magic = 0x504D4341;

    /// <summary>Major version written and read.</summary>
    public const byte MajorVersion = 1;

    /// <summary>Minor version written.</summary>
    public const byte MinorVersion = 0;

    /// <summary>Header length.</summary>
    public const int HeaderLength = 48;

    /// <summary>Header plus payload.</summary>
    public long ContainerLength => HeaderLength + PayloadLength;

    /// <summary>Writes the header into the first <see cref="HeaderLength"/> bytes of <paramref name="destination"/>.</summary>
    public void WriteHeader(Span<byte> destination)
    {
        if (destination.Length < HeaderLength)
        {
            ThrowHelper.DestinationTooShort(nameof(destination));
        }

        destination[..HeaderLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = MajorVersion;
        destination[5] = MinorVersion;
        destination[6] = (byte)Transform;
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], OriginalLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Region.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], Region.Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[32..], Region.RowSamples);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], PayloadLength);
    }

    /// <summary>
    /// Parses and validates a header. Returns false when <paramref name="source"/> is shorter than the
    /// header; throws <see cref="InvalidDataException"/> when the header is malformed (corruption).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out CompressedContainer header)
    {
        header = default;
        if (source.Length < HeaderLength)
        {
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic || source[4] != MajorVersion)
        {
            ThrowHelper.InvalidData("Not a compressed container of a supported version.");
        }

        var transform = (CompressionTransform)source[6];
        long original = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        var region = new PixelRegion(
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[32..]));
        long payload = BinaryPrimitives.ReadInt64LittleEndian(source[40..]);
        bool planes = transform is CompressionTransform.BytePlaneZstd or CompressionTransform.BytePlaneDeltaZstd;
        bool valid = transform <= CompressionTransform.BytePlaneDeltaZstd
            && source[7] == 0 && BinaryPrimitives.ReadInt32LittleEndian(source[36..]) == 0
            && original >= 0 && payload >= 0
            && (transform != CompressionTransform.Stored || payload == original)
            && (planes
                ? region.Offset >= 0 && region.Length >= 0 && region.Length % 2 == 0 && region.RowSamples >= 0
                  && region.Offset + region.Length <= original
                : region == default);
        if (!valid)
        {
            ThrowHelper.InvalidData("Compressed container header is malformed.");
        }

        header = new CompressedContainer(transform, original, region, payload);
        return true;
    }
}
