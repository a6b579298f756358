using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Archive.Codec.Framing;

/// <summary>
/// Self-checking block frame, the unit the storage engine writes inside a shard.
/// <para>Layout v1.0 (little-endian, frozen by golden tests):</para>
/// <code>
/// offset  size  field
///      0     4  magic "ABLK" (0x41 0x42 0x4C 0x4B)
///      4     1  major version (1): readers reject any other
///      5     1  minor version (0): readers accept any (additive changes only)
///      6     1  checksum algorithm (<see cref="ChecksumAlgorithm"/>)
///      7     1  reserved, must be 0
///      8     4  payload length N (uint32; at most <see cref="MaxPayloadLength"/>)
///     12     4  block index (uint32, caller-defined: e.g. stripe number within the shard)
///     16     N  payload
///   16+N   8|16 checksum of bytes [0, 16+N): XXH3-64 (8 bytes) or XXH3-128 (16 bytes, low half first)
/// </code>
/// The checksum covers the header, so a flipped length, index or algorithm byte is detected like a
/// flipped payload byte. All members are pure and thread-safe; nothing is allocated.
/// </summary>
public static class BlockFrame
{
    /// <summary>Magic number as a little-endian uint32 ("ABLK").</summary>
    public const uint Magic = 0x4B4C4241;

    /// <summary>Major version written and the only one read.</summary>
    public const byte MajorVersion = 1;

    /// <summary>Minor version written.</summary>
    public const byte MinorVersion = 0;

    /// <summary>Length of the fixed header before the payload.</summary>
    public const int HeaderLength = 16;

    /// <summary>Largest payload a frame may carry (64 MiB), whatever the caller's own limit.</summary>
    public const int MaxPayloadLength = 64 * 1024 * 1024;

    /// <summary>Algorithm used when the caller does not choose.</summary>
    public const ChecksumAlgorithm DefaultAlgorithm = ChecksumAlgorithm.XxHash3_64;

    /// <summary>Bytes of checksum trailer for <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static int ChecksumLength(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.XxHash3_64 => 8,
        ChecksumAlgorithm.XxHash128 => 16,
        _ => UnknownAlgorithm(algorithm),
    };

    /// <summary>Whether this build can read and write <paramref name="algorithm"/>.</summary>
    public static bool IsKnown(ChecksumAlgorithm algorithm) =>
        algorithm is ChecksumAlgorithm.XxHash3_64 or ChecksumAlgorithm.XxHash128;

    /// <summary>Total bytes a frame occupies for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int FramedLength(int payloadLength, ChecksumAlgorithm algorithm = DefaultAlgorithm)
    {
        if ((uint)payloadLength > MaxPayloadLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(payloadLength), "Payload length is out of range.");
        }

        return HeaderLength + payloadLength + ChecksumLength(algorithm);
    }

    /// <summary>
    /// Copies <paramref name="payload"/> into <paramref name="destination"/> and frames it.
    /// Returns the number of bytes written (<see cref="FramedLength"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Destination too short, payload too long, or unknown algorithm.</exception>
    public static int Write(
        Span<byte> destination,
        ReadOnlySpan<byte> payload,
        uint blockIndex,
        ChecksumAlgorithm algorithm = DefaultAlgorithm)
    {
        int length = FramedLength(payload.Length, algorithm);
        if (destination.Length < length)
        {
            ThrowHelper.DestinationTooShort(nameof(destination));
        }

        payload.CopyTo(destination[HeaderLength..]);
        return Seal(destination, payload.Length, blockIndex, algorithm);
    }

    /// <summary>
    /// Frames a payload that the caller already placed at <c>frame[HeaderLength..HeaderLength+payloadLength]</c>
    /// (e.g. parity encoded straight into the frame buffer): writes the header and the checksum
    /// trailer in place. Returns the frame length.
    /// </summary>
    public static int Seal(Span<byte> frame, int payloadLength, uint blockIndex, ChecksumAlgorithm algorithm = DefaultAlgorithm)
    {
        int length = FramedLength(payloadLength, algorithm);
        if (frame.Length < length)
        {
            ThrowHelper.DestinationTooShort(nameof(frame));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        frame[4] = MajorVersion;
        frame[5] = MinorVersion;
        frame[6] = (byte)algorithm;
        frame[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(frame[8..], (uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[12..], blockIndex);
        int covered = HeaderLength + payloadLength;
        WriteChecksum(frame[..covered], frame.Slice(covered, ChecksumLength(algorithm)), algorithm);
        return length;
    }

    /// <summary>
    /// Validates the header at the start of <paramref name="source"/> without touching the payload,
    /// so a reader can learn <see cref="BlockFrameInfo.FrameLength"/> before reading the rest.
    /// Returns <see cref="BlockFrameStatus.Truncated"/> when fewer than <see cref="HeaderLength"/> bytes
    /// are given, <see cref="BlockFrameStatus.Valid"/> when the header is well formed (checksum not checked).
    /// </summary>
    /// <param name="source">Bytes starting at the frame.</param>
    /// <param name="maxPayloadLength">Caller's limit; a larger recorded length is <see cref="BlockFrameStatus.MalformedHeader"/>.</param>
    public static BlockFrameInfo TryReadHeader(ReadOnlySpan<byte> source, int maxPayloadLength = MaxPayloadLength)
    {
        if (source.Length < HeaderLength)
        {
            return BlockFrameInfo.Failed(BlockFrameStatus.Truncated);
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return BlockFrameInfo.Failed(BlockFrameStatus.BadMagic);
        }

        if (source[4] != MajorVersion)
        {
            return BlockFrameInfo.Failed(BlockFrameStatus.UnsupportedVersion);
        }

        var algorithm = (ChecksumAlgorithm)source[6];
        if (!IsKnown(algorithm))
        {
            return BlockFrameInfo.Failed(BlockFrameStatus.UnknownAlgorithm);
        }

        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if (source[7] != 0 || payloadLength > (uint)Math.Min(maxPayloadLength, MaxPayloadLength))
        {
            return BlockFrameInfo.Failed(BlockFrameStatus.MalformedHeader);
        }

        uint blockIndex = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]);
        return new BlockFrameInfo(BlockFrameStatus.Valid, algorithm, source[5], blockIndex, (int)payloadLength);
    }

    /// <summary>
    /// Verifies the frame at the start of <paramref name="frame"/> (trailing bytes after the frame are
    /// ignored). Corruption is a value (<see cref="BlockFrameStatus.ChecksumMismatch"/>), never an exception.
    /// </summary>
    /// <param name="frame">Bytes starting at the frame.</param>
    /// <param name="maxPayloadLength">Caller's limit on the recorded payload length.</param>
    public static BlockFrameInfo TryVerify(ReadOnlySpan<byte> frame, int maxPayloadLength = MaxPayloadLength)
    {
        BlockFrameInfo info = TryReadHeader(frame, maxPayloadLength);
        if (info.Status != BlockFrameStatus.Valid)
        {
            return info;
        }

        int covered = HeaderLength + info.PayloadLength;
        int checksumLength = ChecksumLength(info.Algorithm);
        if (frame.Length < covered + checksumLength)
        {
            return info with { Status = BlockFrameStatus.Truncated };
        }

        bool match = ChecksumMatches(frame[..covered], frame.Slice(covered, checksumLength), info.Algorithm);
        return match ? info : info with { Status = BlockFrameStatus.ChecksumMismatch };
    }

    /// <summary>Computes the block checksum of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    public static void WriteChecksum(ReadOnlySpan<byte> data, Span<byte> destination, ChecksumAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case ChecksumAlgorithm.XxHash3_64:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, XxHash3.HashToUInt64(data));
                break;
            case ChecksumAlgorithm.XxHash128:
                UInt128 h = XxHash128.HashToUInt128(data);
                BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)h);
                BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (ulong)(h >> 64));
                break;
            default:
                UnknownAlgorithm(algorithm);
                break;
        }
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected, ChecksumAlgorithm algorithm)
    {
        Span<byte> actual = stackalloc byte[16];
        actual = actual[..expected.Length];
        WriteChecksum(data, actual, algorithm);
        return actual.SequenceEqual(expected);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int UnknownAlgorithm(ChecksumAlgorithm algorithm)
    {
        ThrowHelper.ArgumentOutOfRange(nameof(algorithm), $"Unknown checksum algorithm {(byte)algorithm}.");
        return 0;
    }
}
