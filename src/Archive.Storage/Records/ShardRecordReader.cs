using System.Buffers.Binary;
using Archive.Codec.Framing;
using Archive.Storage.Io;

namespace Archive.Storage.Records;

/// <summary>Verifies whole records and extracts their parts. Pure and thread-safe; corruption is a status value.</summary>
public static class ShardRecordReader
{
    /// <summary>
    /// Verifies a complete record in <paramref name="record"/>: header, manifest, every block frame
    /// (index, length, checksum) and the trailer checksum. <paramref name="badBlock"/> is the first
    /// failing block for <see cref="RecordStatus.CorruptBlock"/>, otherwise -1.
    /// </summary>
    public static RecordStatus Verify(ReadOnlySpan<byte> record, out ShardRecordHeader header, out int badBlock)
    {
        badBlock = -1;
        var status = ShardRecordHeader.TryRead(record, out header);
        if (status != RecordStatus.Valid)
        {
            return status;
        }

        if (record.Length < header.RecordLength)
        {
            return RecordStatus.Truncated;
        }

        record = record[..(int)header.RecordLength];
        int position = ShardRecordFormat.HeaderLength;
        if (header.Kind == RecordKind.Shard)
        {
            if (!ManifestCodec.TryDecode(record.Slice(position, header.ManifestLength), out var manifest)
                || manifest!.Key != header.Key.Object)
            {
                return RecordStatus.CorruptManifest;
            }

            position += header.ManifestLength;
            for (int i = 0; i < header.BlockCount; i++)
            {
                int expected = ShardRecordFormat.FrameLength(header.ShardLength, header.BlockSize, i, header.BlockChecksum);
                var info = BlockFrame.TryVerify(record.Slice(position, expected), header.BlockSize);
                if (!info.IsValid || info.BlockIndex != (uint)i || info.FrameLength != expected)
                {
                    badBlock = i;
                    return RecordStatus.CorruptBlock;
                }

                position += expected;
            }
        }

        return TrailerMatches(record, position) ? RecordStatus.Valid : RecordStatus.CorruptTrailer;
    }

    /// <summary>The manifest bytes of a shard record whose header was read.</summary>
    public static ReadOnlySpan<byte> ManifestBytes(ReadOnlySpan<byte> record, in ShardRecordHeader header) =>
        record.Slice(ShardRecordFormat.HeaderLength, header.ManifestLength);

    /// <summary>Copies the payload of every block of a verified record into <paramref name="destination"/>.</summary>
    public static void CopyPayload(ReadOnlySpan<byte> record, in ShardRecordHeader header, Span<byte> destination)
    {
        long dataStart = ShardRecordFormat.HeaderLength + header.ManifestLength;
        for (int i = 0; i < header.BlockCount; i++)
        {
            int frameStart = (int)(dataStart + ShardRecordFormat.BlockOffset(header.BlockSize, i, header.BlockChecksum));
            int length = (int)Math.Min(header.BlockSize, header.ShardLength - ((long)i * header.BlockSize));
            record.Slice(frameStart + BlockFrame.HeaderLength, length).CopyTo(destination[(i * header.BlockSize)..]);
        }
    }

    private static bool TrailerMatches(ReadOnlySpan<byte> record, int position) =>
        record.Slice(position, 4).SequenceEqual("ASRT"u8)
        && BinaryPrimitives.ReadUInt64LittleEndian(record[(position + 8)..]) == Checksum64.Compute(record[..(position + 8)]);
}
