using System.Buffers;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Io;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Segments;
using Archive.Storage.Store.Scanning;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore : ISegmentScanSource
{
    /// <inheritdoc />
    public IReadOnlyList<DiskId> ScanDisks => [.. _diskOrder.Select(d => d.Id), .. _lostDisks.Disks];

    /// <summary>Disks the index still places shards on that no configured directory carries (see <see cref="LostDiskFailure"/>).</summary>
    public IReadOnlyList<DiskId> LostDisks => _lostDisks.Disks;

    /// <inheritdoc />
    public IReadOnlyList<ulong> ListScanSegments(DiskId disk)
    {
        if (!_disks.TryGetValue(disk, out var data))
        {
            return [];
        }

        if (data.IsHealthy && !data.StillMounted())
        {
            // Checked at every scrub step, so a disk wiped under a running node stops taking writes
            // (which would land in unlinked segment files) within one step.
            OnDiskFailed(data, "the disk label is gone (wiped or unmounted)");
        }

        try
        {
            return data.ListSegments();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public SegmentScanChunk ScanSegment(DiskId disk, ulong segmentId, long fromOffset, long maxBytes)
    {
        if (!_disks.TryGetValue(disk, out var data))
        {
            return new SegmentScanChunk([], 0, null, 0);
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(data.SegmentPath(segmentId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A vanished segment: FindLost reports its records at the end of the disk's pass.
            return new SegmentScanChunk([], 0, null, 0);
        }

        using (handle)
        {
            return ScanOpenSegment(data, segmentId, handle, fromOffset, maxBytes);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ScanFinding> FindLost(DiskId disk)
    {
        if (!_disks.TryGetValue(disk, out var data))
        {
            // A lost disk (no directory carries it): every record the index places on it is gone.
            return _lostDisks.Contains(disk)
                ? _index.EnumerateShards().Where(e => e.Location.Disk == disk).Select(e => new ScanFinding(e.Key, ShardStatus.Missing, 0)).ToArray()
                : [];
        }

        if (data.IsHealthy && !data.StillMounted())
        {
            // A wiped or unmounted disk takes no more writes, so repair places its shards elsewhere.
            OnDiskFailed(data, "the disk label is gone (wiped or unmounted)");
        }

        var lengths = new Dictionary<ulong, long>();
        var lost = new List<ScanFinding>();
        foreach (var entry in _index.EnumerateShards())
        {
            var location = entry.Location;
            if (location.Disk != disk)
            {
                continue;
            }

            if (!lengths.TryGetValue(location.SegmentId, out var length))
            {
                var file = new FileInfo(data.SegmentPath(location.SegmentId));
                length = file.Exists ? file.Length : -1;
                lengths[location.SegmentId] = length;
            }

            if (location.End > length)
            {
                Flag(entry.Key, location, ShardState.Missing);
                lost.Add(new ScanFinding(entry.Key, ShardStatus.Missing, 0));
            }
        }

        return lost;
    }

    private SegmentScanChunk ScanOpenSegment(DataDisk disk, ulong segmentId, SafeFileHandle handle, long fromOffset, long maxBytes)
    {
        var findings = new List<ScanFinding>();
        long length = RandomAccess.GetLength(handle);
        long position = Math.Max(fromOffset, SegmentHeader.Length);
        long read = 0;
        int records = 0;
        Span<byte> headerBytes = stackalloc byte[ShardRecordFormat.HeaderLength];
        while (position < length && read < maxBytes)
        {
            ShardRecordHeader header = default;
            var status = length - position < ShardRecordFormat.HeaderLength
                ? RecordStatus.Truncated
                : ReadHeader(handle, position, headerBytes, out header);
            if (status == RecordStatus.Valid && header.RecordLength > length - position)
            {
                status = RecordStatus.Truncated;
            }

            if (status == RecordStatus.Truncated && RandomAccess.GetLength(handle) is var grown && grown > length)
            {
                length = grown; // the open segment grew while we read it
                continue;
            }

            if (status != RecordStatus.Valid)
            {
                read += Math.Min(ShardRecordFormat.HeaderLength, length - position);
                position = Resync(disk.Id, segmentId, position, length, status, findings);
                continue;
            }

            read += header.RecordLength;
            records++;
            if (header.Kind == RecordKind.Shard && IsIndexedAt(header.Key, disk.Id, segmentId, position, out var location))
            {
                findings.Add(VerifyRecord(handle, header.Key, location));
            }

            position += header.RecordLength;
        }

        return new SegmentScanChunk(findings, read, position < length ? position : null, records);
    }

    private ScanFinding VerifyRecord(SafeFileHandle handle, ShardKey key, ShardLocation location)
    {
        int length = (int)location.RecordLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int done = FileReads.ReadFully(handle, buffer.AsSpan(0, length), location.Offset);

            ShardRecordHeader header = default;
            var status = done < length ? RecordStatus.Truncated : ShardRecordReader.Verify(buffer.AsSpan(0, length), out header, out _);
            if (status == RecordStatus.Valid && header.Key != key)
            {
                status = RecordStatus.CorruptHeader;
            }

            if (status != RecordStatus.Valid)
            {
                Metrics.CorruptBlocks.Add(1);
                Flag(key, location, ShardState.Corrupt);
                return new ScanFinding(key, ShardStatus.Corrupt, done);
            }

            if (location.State != ShardState.Live)
            {
                Flag(key, location, ShardState.Live);
            }

            return new ScanFinding(key, ShardStatus.Ok, done);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// After an unreadable record header: the record the index places here (if any) is bad, and the
    /// scan resumes at the next record the index knows in this segment (or the file's end).
    /// </summary>
    private long Resync(DiskId disk, ulong segmentId, long position, long length, RecordStatus status, List<ScanFinding> findings)
    {
        long next = length;
        foreach (var entry in _index.EnumerateShards())
        {
            var location = entry.Location;
            if (location.Disk != disk || location.SegmentId != segmentId)
            {
                continue;
            }

            if (location.Offset == position && status != RecordStatus.Truncated)
            {
                // A record cut short by the file's end is FindLost's to report, once.
                Flag(entry.Key, location, ShardState.Corrupt);
                findings.Add(new ScanFinding(entry.Key, ShardStatus.Corrupt, 0));
            }
            else if (location.Offset > position && location.Offset < next)
            {
                next = location.Offset;
            }
        }

        return next;
    }

    private bool IsIndexedAt(ShardKey key, DiskId disk, ulong segmentId, long offset, out ShardLocation location) =>
        _index.TryGetShard(key, out location) && location.Disk == disk && location.SegmentId == segmentId && location.Offset == offset;

    private static RecordStatus ReadHeader(SafeFileHandle handle, long offset, Span<byte> buffer, out ShardRecordHeader header)
    {
        header = default;
        return RandomAccess.Read(handle, buffer, offset) < buffer.Length ? RecordStatus.Truncated : ShardRecordHeader.TryRead(buffer, out header);
    }
}
