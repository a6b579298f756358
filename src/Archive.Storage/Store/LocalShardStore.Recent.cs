using Archive.Storage.Records;
using Archive.Storage.Segments;
using Microsoft.Win32.SafeHandles;

namespace Archive.Storage.Store;

public sealed partial class LocalShardStore
{
    /// <summary>
    /// The live shard records this node stamped at or after <paramref name="since"/>, each with the manifest it
    /// carries: what the grid re-reads after an unclean stop to restore manifests whose own write was not yet
    /// synced. A record's sequence is at least the wall clock in ticks when it was stamped (<see cref="RecordSequence"/>),
    /// and it is appended after that, so only segments written to since then (with a minute's slack) are read,
    /// and only their headers and manifests, never shard data. A record superseded or deleted since (the index no
    /// longer points at it) is skipped. The wall clock stepping back by more than the slack is not covered. Each comes
    /// with its sequence: of two records of one part, the later one carries the newer placement. Read lazily, a
    /// segment at a time, so a replay over a whole disk holds one segment's records, not the disk's.
    /// </summary>
    public IEnumerable<(Primitives.ShardKey Key, ObjectManifest Manifest, ulong Sequence)> LiveRecordsSince(DateTimeOffset since)
    {
        var oldestWrite = since == DateTimeOffset.MinValue ? DateTime.MinValue : since.UtcDateTime - TimeSpan.FromMinutes(1);
        foreach (var disk in _diskOrder.Where(d => d.IsHealthy))
        {
            IReadOnlyList<ulong> segments;
            try
            {
                segments = disk.ListSegments();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var segmentId in segments.Where(id => File.GetLastWriteTimeUtc(disk.SegmentPath(id)) >= oldestWrite))
            {
                var found = new List<(Primitives.ShardKey, ObjectManifest, ulong)>();
                ReadRecent(disk, segmentId, (ulong)since.UtcTicks, found);
                foreach (var record in found)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>Adds the segment's live records stamped at or after <paramref name="since"/>.</summary>
    private void ReadRecent(Disks.DataDisk disk, ulong segmentId, ulong since, List<(Primitives.ShardKey, ObjectManifest, ulong)> found)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(disk.SegmentPath(segmentId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // deleted by compaction meanwhile: its live records were copied into a newer segment
        }

        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> headerBytes = stackalloc byte[ShardRecordFormat.HeaderLength];
            for (long offset = SegmentHeader.Length; length - offset >= ShardRecordFormat.HeaderLength;)
            {
                if (ReadHeader(handle, offset, headerBytes, out var header) != RecordStatus.Valid || header.RecordLength > length - offset)
                {
                    break; // a torn tail: recovery already cut it, or the scrubber reports it
                }

                if (header.Sequence >= since && header.Kind == RecordKind.Shard && IsIndexedAt(header.Key, disk.Id, segmentId, offset, out _))
                {
                    var manifestBytes = new byte[header.ManifestLength];
                    if (RandomAccess.Read(handle, manifestBytes, offset + ShardRecordFormat.HeaderLength) == manifestBytes.Length
                        && ManifestCodec.TryDecode(manifestBytes, out var manifest))
                    {
                        found.Add((header.Key, manifest!, header.Sequence));
                    }
                }

                offset += header.RecordLength;
            }
        }
    }
}
