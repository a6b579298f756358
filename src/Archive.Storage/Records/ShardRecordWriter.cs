using System.Buffers.Binary;
using Archive.Codec.Framing;
using Archive.Storage.Io;
using Archive.Storage.Primitives;

namespace Archive.Storage.Records;

/// <summary>Serialises shard and tombstone records into caller-owned buffers. Pure and thread-safe.</summary>
public static class ShardRecordWriter
{
    /// <summary>Length of the record that <see cref="WriteShard"/> produces.</summary>
    public static long GetShardRecordLength(ObjectManifest manifest, long shardLength)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return ShardRecordFormat.RecordLength(ManifestCodec.GetLength(manifest), shardLength, manifest.BlockSize, manifest.BlockChecksum);
    }

    /// <summary>
    /// Writes a complete shard record for <paramref name="shard"/> (the shard's raw bytes; this method
    /// cuts them into <see cref="ObjectManifest.BlockSize"/> blocks and frames each with the codec).
    /// <paramref name="sequence"/> orders it against other records of the same key (larger is newer).
    /// Returns the record length.
    /// </summary>
    public static int WriteShard(Span<byte> destination, ObjectManifest manifest, ushort shardIndex, ReadOnlySpan<byte> shard, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (shard.Length > ShardRecordFormat.MaxShardLength)
        {
            ThrowHelper.Argument(nameof(shard), "Shard exceeds the record limit.");
        }

        int manifestLength = ManifestCodec.GetLength(manifest);
        long recordLength = ShardRecordFormat.RecordLength(manifestLength, shard.Length, manifest.BlockSize, manifest.BlockChecksum);
        if (destination.Length < recordLength)
        {
            ThrowHelper.Argument(nameof(destination), "Destination is too short for the record.");
        }

        int blockCount = ShardRecordFormat.BlockCount(shard.Length, manifest.BlockSize);
        var header = new ShardRecordHeader(RecordKind.Shard, manifest.BlockChecksum, new ShardKey(manifest.Key, shardIndex),
            manifest.K, manifest.M, manifest.BlockSize, blockCount, shard.Length, recordLength, manifestLength, sequence);
        header.Write(destination);
        int position = ShardRecordFormat.HeaderLength;
        position += ManifestCodec.Write(manifest, destination[position..]);
        for (int i = 0; i < blockCount; i++)
        {
            int start = i * manifest.BlockSize;
            var payload = shard.Slice(start, Math.Min(manifest.BlockSize, shard.Length - start));
            position += BlockFrame.Write(destination[position..], payload, (uint)i, manifest.BlockChecksum);
        }

        WriteTrailer(destination[..(int)recordLength], position);
        return (int)recordLength;
    }

    /// <summary>Writes an 80-byte tombstone for <paramref name="key"/> with its <paramref name="sequence"/>; returns its length.</summary>
    public static int WriteTombstone(Span<byte> destination, ShardKey key, ulong sequence)
    {
        var header = new ShardRecordHeader(RecordKind.Tombstone, ChecksumAlgorithm.XxHash3_64, key, 0, 0, 0, 0, 0,
            ShardRecordFormat.TombstoneLength, 0, sequence);
        header.Write(destination);
        WriteTrailer(destination[..ShardRecordFormat.TombstoneLength], ShardRecordFormat.HeaderLength);
        return ShardRecordFormat.TombstoneLength;
    }

    private static void WriteTrailer(Span<byte> record, int position)
    {
        "ASRT"u8.CopyTo(record[position..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[(position + 4)..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(record[(position + 8)..], Checksum64.Compute(record[..(position + 8)]));
    }
}
