using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.Indexing;
using Archive.Storage.Io;
using Archive.Storage.Segments;
using Microsoft.Extensions.Logging;

namespace Archive.Storage.Recovery;

/// <summary>
/// Start-up recovery of one disk (Garnet/FASTER style): every segment is rescanned from its index
/// checkpoint; records found beyond it are re-indexed; an invalid tail on the open (last) segment
/// is a torn write and is cut off durably; an invalid record in a sealed segment, or one with valid
/// records after it in any segment, is damage: skipped (the records after it are kept), left in
/// place for the scrubber. A new segment never takes the id of one the index knew (a segment file
/// deleted while the node was down stays missing, not confused with a new one). Runs before the disk
/// takes writes; not thread-safe.
/// </summary>
internal static class DiskRecovery
{
    /// <summary>
    /// Recovers <paramref name="disk"/>, re-indexing through <paramref name="applier"/> (shared by every
    /// disk of the node so that records of one key on two disks are ordered by sequence).
    /// </summary>
    public static DiskRecoveryResult Recover(DataDisk disk, IShardIndex index, IndexApplier applier, ILogger logger)
    {
        var checkpoints = index.EnumerateCheckpoints().Where(c => c.Disk == disk.Id).ToDictionary(c => c.SegmentId, c => c.IndexedLength);
        var segments = disk.ListSegments();
        int appliedBefore = applier.Applied;
        int truncated = 0, corruptSealed = 0;
        ulong openId = segments.Count == 0 ? 1 : segments[^1];
        long openLength = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            ulong id = segments[i];
            bool isLast = i == segments.Count - 1;
            string path = disk.SegmentPath(id);
            long fileLength = new FileInfo(path).Length;
            long checkpoint = checkpoints.GetValueOrDefault(id);
            if (checkpoint > fileLength)
            {
                // The file lost indexed bytes (media truncation): rescan it all; reconcile flags what is gone.
                checkpoint = 0;
            }

            if (checkpoint == fileLength && checkpoint >= SegmentHeader.Length)
            {
                if (isLast)
                {
                    openLength = IsSealed(path) ? 0 : fileLength;
                    openId = openLength == 0 ? id + 1 : id;
                }
                else
                {
                    SealIfOpen(path);
                }

                continue;
            }

            var result = SegmentScanner.Scan(path, disk.Id, checkpoint, r => applier.Apply(disk.Id, id, r));
            foreach (var damaged in result.Damaged)
            {
                logger.DamagedRecordSkipped(id, disk.Id, damaged.Offset, damaged.Length, damaged.Status);
                applier.ApplyDamaged(disk.Id, id, damaged);
            }

            corruptSealed += result.Damaged.Count > 0 ? 1 : 0;
            if (!result.HeaderValid)
            {
                if (isLast && fileLength <= SegmentHeader.Length)
                {
                    // Torn creation: the header never became durable, so no record can follow.
                    File.Delete(path);
                    FileSync.Directory(Path.GetDirectoryName(path)!);
                    openId = id;
                    openLength = 0;
                }
                else
                {
                    corruptSealed++;
                    logger.SealedSegmentCorrupt(id, disk.Id, 0, result.StopStatus);
                    openId = isLast ? id + 1 : openId;
                }

                continue;
            }

            if (result.HasInvalidTail)
            {
                if (isLast && !IsSealed(path))
                {
                    using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
                    {
                        RandomAccess.SetLength(handle, result.ValidLength);
                        FileSync.File(handle);
                    }

                    truncated++;
                    logger.TornTailTruncated(id, disk.Id, result.ValidLength, result.FileLength, result.StopStatus);
                }
                else
                {
                    corruptSealed++;
                    logger.SealedSegmentCorrupt(id, disk.Id, result.ValidLength, result.StopStatus);
                }
            }

            applier.Checkpoint(disk.Id, id, result.ValidLength);
            if (!isLast)
            {
                SealIfOpen(path);
            }

            if (isLast)
            {
                bool writable = !IsSealed(path) && !(result.HasInvalidTail && truncated == 0);
                openId = writable ? id : id + 1;
                openLength = writable ? result.ValidLength : 0;
            }
        }

        // The last segment file may be gone (deleted while the node was down): ids the index knew are never reused.
        ulong highestKnown = checkpoints.Keys.DefaultIfEmpty(0UL).Max();
        if (openId <= highestKnown && !segments.Contains(openId))
        {
            openId = highestKnown + 1;
            openLength = 0;
        }
        else if (openId <= highestKnown && openLength > 0 && segments[^1] < highestKnown)
        {
            SealIfOpen(disk.SegmentPath(openId));
            openId = highestKnown + 1;
            openLength = 0;
        }

        applier.Flush();
        return new DiskRecoveryResult(openId, openLength, applier.Applied - appliedBefore, truncated, corruptSealed);
    }

    /// <summary>
    /// Seals a segment that is not the last but was left writable (a crash between creating its
    /// successor and sealing it): it will never be appended to again.
    /// </summary>
    private static void SealIfOpen(string path)
    {
        if (!OperatingSystem.IsWindows() && !IsSealed(path))
        {
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                // Same size: gives back blocks reserved past the end while it was open.
                RandomAccess.SetLength(handle, RandomAccess.GetLength(handle));
                FileSync.File(handle);
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>A sealed segment is read-only; the one still being appended to is not.</summary>
    internal static bool IsSealed(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0;
}
