using System.Buffers;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Segments;

/// <summary>
/// Reads a segment file sequentially and verifies every record in full (header, manifest, block
/// checksums, trailer). A write cut short leaves a record whose bytes end before its declared length, or
/// no readable header at all, with nothing valid after it: that is the torn tail, where the scan stops.
/// Anything else invalid is damage (<see cref="SegmentScanResult.Damaged"/>): a record whose header reads
/// and whose bytes are all there is skipped by its length, even the last one; an unreadable stretch with
/// valid records after it is skipped to the next record found by its magic. So no valid record is lost to
/// a torn-tail cut or an index rebuild. Used by recovery (torn-tail detection), the offline index rebuild, verify and
/// compaction. Record lengths are checked against the bytes left in the file before anything is
/// allocated. Stateless and thread-safe.
/// </summary>
public static class SegmentScanner
{
    /// <summary>
    /// Scans <paramref name="path"/> from <paramref name="startOffset"/> (0 or <see cref="SegmentHeader.Length"/>
    /// start after the header). <paramref name="onRecord"/> sees each valid record in order.
    /// </summary>
    /// <param name="path">Segment file.</param>
    /// <param name="expectedDisk">When set, a header naming another disk counts as invalid.</param>
    /// <param name="startOffset">Where to start; must be a record boundary.</param>
    /// <param name="onRecord">Receives valid records; may be null.</param>
    /// <param name="progress">Receives the number of bytes consumed since the previous call; may be null.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SegmentScanResult Scan(string path, DiskId? expectedDisk, long startOffset, Action<ScannedRecord>? onRecord, Action<long>? progress = null)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> head = stackalloc byte[SegmentHeader.Length];
        if (fileLength < SegmentHeader.Length || RandomAccess.Read(handle, head, 0) < SegmentHeader.Length
            || !SegmentHeader.TryDecode(head, out var segmentHeader)
            || (expectedDisk is { } disk && segmentHeader.DiskId != disk))
        {
            return new SegmentScanResult(0, fileLength, RecordStatus.CorruptHeader, 0, false);
        }

        long position = Math.Max(startOffset, SegmentHeader.Length);
        int records = 0;
        var status = RecordStatus.Valid;
        List<DamagedRecord>? damaged = null;
        while (position < fileLength)
        {
            status = ReadOne(handle, position, fileLength - position, out var record, out var damagedHeader);
            if (status != RecordStatus.Valid && status != RecordStatus.Truncated && damagedHeader is { } whole)
            {
                // Its header reads and all its bytes are there: a damaged record, not a write cut short, even the last one.
                (damaged ??= []).Add(new DamagedRecord(position, whole.RecordLength, status, whole));
                progress?.Invoke(whole.RecordLength);
                position += whole.RecordLength;
                status = RecordStatus.Valid;
                continue;
            }

            if (status != RecordStatus.Valid)
            {
                long next = NextValidRecord(handle, position + 1, fileLength);
                if (next < 0)
                {
                    break; // nothing valid follows: the invalid tail
                }

                (damaged ??= []).Add(new DamagedRecord(position, next - position, status, damagedHeader));
                progress?.Invoke(next - position);
                position = next;
                status = RecordStatus.Valid;
                continue;
            }

            onRecord?.Invoke(record!);
            progress?.Invoke(record!.Header.RecordLength);
            records++;
            position += record!.Header.RecordLength;
        }

        return new SegmentScanResult(position, fileLength, status, records, true) { Damaged = damaged ?? [] };
    }

    /// <summary>The offset of the first valid record at or after <paramref name="from"/>, or -1: candidates are found by the record magic.</summary>
    private static long NextValidRecord(SafeFileHandle handle, long from, long fileLength)
    {
        const int ChunkBytes = 1 << 20;
        var magic = "ASHR"u8;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (long at = from; fileLength - at >= ShardRecordFormat.HeaderLength;)
            {
                int read = FileReads.ReadFully(handle, chunk.AsSpan(0, (int)Math.Min(ChunkBytes, fileLength - at)), at);
                var span = chunk.AsSpan(0, read);
                for (int i = span.IndexOf(magic); i >= 0;)
                {
                    if (ReadOne(handle, at + i, fileLength - at - i, out _, out _) == RecordStatus.Valid)
                    {
                        return at + i;
                    }

                    int further = span[(i + 1)..].IndexOf(magic);
                    i = further < 0 ? -1 : i + 1 + further;
                }

                if (read <= magic.Length)
                {
                    break;
                }

                at += read - (magic.Length - 1); // a magic split across two chunks is found in the next
            }

            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// The largest record sequence in <paramref name="path"/>, walking headers only (no body is read or
    /// verified) up to the first invalid one. 0 for a segment without v1.1 records.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ulong HighestSequence(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> headerBytes = stackalloc byte[ShardRecordFormat.HeaderLength];
        ulong highest = 0;
        for (long position = SegmentHeader.Length; fileLength - position >= ShardRecordFormat.HeaderLength;)
        {
            if (RandomAccess.Read(handle, headerBytes, position) < headerBytes.Length
                || ShardRecordHeader.TryRead(headerBytes, out var header) != RecordStatus.Valid
                || header.RecordLength > fileLength - position)
            {
                break;
            }

            highest = Math.Max(highest, header.Sequence);
            position += header.RecordLength;
        }

        return highest;
    }

    /// <param name="damagedHeader">The header of an invalid record, when it still reads.</param>
    private static RecordStatus ReadOne(SafeFileHandle handle, long offset, long available, out ScannedRecord? record, out ShardRecordHeader? damagedHeader)
    {
        record = null;
        damagedHeader = null;
        Span<byte> headerBytes = stackalloc byte[ShardRecordFormat.HeaderLength];
        if (available < ShardRecordFormat.HeaderLength)
        {
            return RecordStatus.Truncated;
        }

        RandomAccess.Read(handle, headerBytes, offset);
        var status = ShardRecordHeader.TryRead(headerBytes, out var header);
        if (status != RecordStatus.Valid)
        {
            return status;
        }

        damagedHeader = header;
        if (header.RecordLength > available)
        {
            return RecordStatus.Truncated;
        }

        int length = (int)header.RecordLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (FileReads.ReadFully(handle, buffer.AsSpan(0, length), offset) < length)
            {
                return RecordStatus.Truncated;
            }

            status = ShardRecordReader.Verify(buffer.AsSpan(0, length), out header, out _);
            if (status == RecordStatus.Valid)
            {
                record = new ScannedRecord(offset, header, ShardRecordReader.ManifestBytes(buffer.AsSpan(0, length), header).ToArray());
                damagedHeader = null;
            }

            return status;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
