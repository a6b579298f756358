using System.Buffers.Binary;
using Archive.Grid.Scrub;
using Archive.Storage.Primitives;

namespace Archive.Index.Scrub;

/// <summary>
/// Keys and values of the <c>scrub</c> column family, frozen by golden tests. Keys: <c>'d'</c> +
/// disk id (16) → disk state; <c>'s'</c> + disk id + segment id (8, big-endian) → segment result;
/// <c>'v'</c> + object id (16) + version (4) + shard (2), big-endian → verification time (unix ms,
/// 8). Values of disk and segment rows start with a format version byte (1); an unknown version
/// reads as absent (scrubbing again is always safe). Pure and thread-safe.
/// </summary>
public static class ScrubLedgerCodec
{
    public const byte FormatVersion = 1;
    private const int DiskStateLength = 1 + 8 + 8 + 8 + 8 + 8 + 8 + 8 + 8 + 4 + 4;
    private const int SegmentLength = 1 + 8 + 8 + 4 + 4;
    private const long Absent = long.MinValue;

    public static byte[] DiskKey(DiskId disk)
    {
        var key = new byte[17];
        key[0] = (byte)'d';
        disk.Value.TryWriteBytes(key.AsSpan(1), bigEndian: true, out _);
        return key;
    }

    public static byte[] SegmentPrefix(DiskId disk)
    {
        var key = DiskKey(disk);
        key[0] = (byte)'s';
        return key;
    }

    public static byte[] SegmentKey(DiskId disk, ulong segmentId)
    {
        var key = new byte[25];
        SegmentPrefix(disk).CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(17), segmentId);
        return key;
    }

    public static byte[] VerifiedPrefix(ObjectKey key)
    {
        var bytes = new byte[21];
        bytes[0] = (byte)'v';
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), key.Id.High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(9), key.Id.Low);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(17), key.Version);
        return bytes;
    }

    public static byte[] VerifiedKey(ShardKey shard)
    {
        var bytes = new byte[23];
        VerifiedPrefix(shard.Object).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(21), shard.ShardIndex);
        return bytes;
    }

    public static byte[] EncodeDisk(DiskScrubState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bytes = new byte[DiskStateLength];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], Time(state.PassStartedAt));
        BinaryPrimitives.WriteUInt64BigEndian(span[9..], state.SegmentId);
        BinaryPrimitives.WriteInt64BigEndian(span[17..], state.Offset);
        BinaryPrimitives.WriteInt64BigEndian(span[25..], Time(state.LastPassStartedAt));
        BinaryPrimitives.WriteInt64BigEndian(span[33..], Time(state.LastPassCompletedAt));
        BinaryPrimitives.WriteInt64BigEndian(span[41..], state.PassBytes);
        BinaryPrimitives.WriteInt64BigEndian(span[49..], state.PassBad);
        BinaryPrimitives.WriteInt64BigEndian(span[57..], 0); // reserved
        BinaryPrimitives.WriteInt32BigEndian(span[65..], state.SegmentBad);
        BinaryPrimitives.WriteInt32BigEndian(span[69..], state.SegmentRecords);
        return bytes;
    }

    public static bool TryDecodeDisk(ReadOnlySpan<byte> value, out DiskScrubState state)
    {
        state = DiskScrubState.Initial;
        if (value.Length != DiskStateLength || value[0] != FormatVersion)
        {
            return false;
        }

        state = new DiskScrubState(
            Time(BinaryPrimitives.ReadInt64BigEndian(value[1..])),
            BinaryPrimitives.ReadUInt64BigEndian(value[9..]),
            BinaryPrimitives.ReadInt64BigEndian(value[17..]),
            Time(BinaryPrimitives.ReadInt64BigEndian(value[25..])),
            Time(BinaryPrimitives.ReadInt64BigEndian(value[33..])),
            BinaryPrimitives.ReadInt64BigEndian(value[41..]),
            BinaryPrimitives.ReadInt64BigEndian(value[49..]),
            BinaryPrimitives.ReadInt32BigEndian(value[65..]),
            BinaryPrimitives.ReadInt32BigEndian(value[69..]));
        return true;
    }

    public static byte[] EncodeSegment(SegmentScrubResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var bytes = new byte[SegmentLength];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), result.SegmentId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), result.VerifiedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(17), result.Records);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(21), result.Bad);
        return bytes;
    }

    public static bool TryDecodeSegment(ReadOnlySpan<byte> value, out SegmentScrubResult result)
    {
        result = null!;
        if (value.Length != SegmentLength || value[0] != FormatVersion)
        {
            return false;
        }

        result = new SegmentScrubResult(
            BinaryPrimitives.ReadUInt64BigEndian(value[1..]),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(value[9..])),
            BinaryPrimitives.ReadInt32BigEndian(value[17..]),
            BinaryPrimitives.ReadInt32BigEndian(value[21..]));
        return true;
    }

    private static long Time(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : Absent;

    private static DateTimeOffset? Time(long value) => value == Absent ? null : DateTimeOffset.FromUnixTimeMilliseconds(value);
}
