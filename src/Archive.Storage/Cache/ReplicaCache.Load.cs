using Archive.Storage.Diagnostics;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;

namespace Archive.Storage.Cache;

public sealed partial class ReplicaCache
{
    /// <summary>
    /// The entries and bytes of the cache in <paramref name="directory"/>, read from its segment files (for a process
    /// that does not hold the cache; records being written as it reads may not be counted yet).
    /// </summary>
    public static (long Entries, long Bytes) Survey(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return (0, 0);
        }

        var keys = new HashSet<ObjectKey>();
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (file.LinkTarget is not null || !StoragePaths.TryParseCacheSegmentFileName(file.Name, out _, out _))
            {
                continue;
            }

            try
            {
                using var handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                bytes += CacheSegment.Scan(handle, RandomAccess.GetLength(handle), (header, _) => keys.Add(header.Key));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // evicted while listed
            }
        }

        return (keys.Count, bytes);
    }

    /// <summary>Loads the segments in order: every record that verifies is an entry (a later one of a key replaces an earlier one); torn tails are cut.</summary>
    private void Load()
    {
        var files = new List<(long Sequence, bool Fetched, string Path)>();
        foreach (var file in new DirectoryInfo(_options.Directory).EnumerateFiles())
        {
            if (file.LinkTarget is not null)
            {
                _logger.CacheFileIgnored(file.FullName); // never followed: opening a segment may cut its tail
            }
            else if (StoragePaths.TryParseCacheSegmentFileName(file.Name, out var sequence, out var fetched))
            {
                files.Add((sequence, fetched, file.FullName));
            }
            else if (file.Name.EndsWith(StoragePaths.CacheExtension, StringComparison.Ordinal) || file.Name.EndsWith(StoragePaths.TemporaryExtension, StringComparison.Ordinal))
            {
                TryDelete(file.FullName); // a per-object file of format 1, or its temporary
            }
        }

        foreach (var (sequence, fetched, path) in files.OrderBy(f => f.Sequence))
        {
            _nextSequence = Math.Max(_nextSequence, sequence + 1);
            try
            {
                LoadSegment(sequence, fetched, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.CacheSegmentUnreadable(path, e.Message);
                TryDelete(path);
            }
        }

        while (TakeVictim() is { } eviction) // nothing was hit yet: nothing to copy forward
        {
            Finish(eviction);
        }
    }

    /// <summary>Indexes the entries of one segment file and cuts its torn tail (under construction: no other user yet).</summary>
    private void LoadSegment(long sequence, bool fetched, string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            var segment = new CacheSegment(sequence, fetched, path, handle) { Sealed = true };
            long fileLength = RandomAccess.GetLength(handle);
            var entries = new List<(CacheEntryHeader Header, long Offset)>();
            segment.Length = CacheSegment.Scan(handle, fileLength, (header, offset) => entries.Add((header, offset)));
            if (segment.Length < fileLength)
            {
                RandomAccess.SetLength(handle, segment.Length); // a torn tail
            }

            foreach (var (header, offset) in entries)
            {
                Index(header, segment, offset);
            }

            _segments.Add(segment);
            Account(segment, segment.Length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a file left behind is deleted at the next start
        }
    }
}
