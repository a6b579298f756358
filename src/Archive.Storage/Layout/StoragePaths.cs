using System.Globalization;

namespace Archive.Storage.Layout;

/// <summary>
/// Every file and directory name the storage engine creates, decided in one place (STYLE.md §7).
/// Data disk: <c>{root}/archive-disk.label</c>, <c>{root}/segments/seg-{id:D12}.aseg</c>.
/// Fast disk: <c>{root}/index/</c> (RocksDB), <c>{root}/cache/cache-{sequence:D12}.{recent|fetched}.acache</c>
/// (replica cache segments; <c>*.acache</c> files of any other name are the per-object files of format 1).
/// Names are part of the persisted format: never change them without a format version bump.
/// Pure and thread-safe.
/// </summary>
public static class StoragePaths
{
    /// <summary>File name of a data disk's label.</summary>
    public const string LabelFileName = "archive-disk.label";

    /// <summary>Directory holding a data disk's segment files.</summary>
    public const string SegmentDirectoryName = "segments";

    /// <summary>Extension of a segment file.</summary>
    public const string SegmentExtension = ".aseg";

    /// <summary>Extension of a replica cache segment (and of the per-object cache files of format 1).</summary>
    public const string CacheExtension = ".acache";

    /// <summary>Extension of a file being written that is renamed into place once durable.</summary>
    public const string TemporaryExtension = ".tmp";

    private const string SegmentPrefix = "seg-";

    private const string CachePrefix = "cache-";

    /// <summary>The label file of the data disk mounted at <paramref name="diskRoot"/>.</summary>
    public static string LabelFile(string diskRoot) => Path.Combine(diskRoot, LabelFileName);

    /// <summary>The segment directory of a data disk.</summary>
    public static string SegmentDirectory(string diskRoot) => Path.Combine(diskRoot, SegmentDirectoryName);

    /// <summary>The file of segment <paramref name="segmentId"/> on a data disk.</summary>
    public static string SegmentFile(string diskRoot, ulong segmentId) =>
        Path.Combine(SegmentDirectory(diskRoot), SegmentFileName(segmentId));

    /// <summary>File name (no directory) of a segment.</summary>
    public static string SegmentFileName(ulong segmentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix}{segmentId:D12}{SegmentExtension}");

    /// <summary>Parses a segment file name; false for any other file.</summary>
    public static bool TryParseSegmentFileName(string fileName, out ulong segmentId)
    {
        segmentId = 0;
        var name = Path.GetFileName(fileName.AsSpan());
        if (!name.StartsWith(SegmentPrefix, StringComparison.Ordinal) || !name.EndsWith(SegmentExtension, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = name[SegmentPrefix.Length..^SegmentExtension.Length];
        return digits.Length == 12 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out segmentId);
    }

    /// <summary>The RocksDB directory on the fast disk.</summary>
    public static string IndexDirectory(string fastRoot) => Path.Combine(fastRoot, "index");

    /// <summary>The replica cache directory on the fast disk.</summary>
    public static string CacheDirectory(string fastRoot) => Path.Combine(fastRoot, "cache");

    /// <summary>File name (no directory) of replica cache segment <paramref name="sequence"/>; <paramref name="fetched"/> names the share it belongs to.</summary>
    public static string CacheSegmentFileName(long sequence, bool fetched) =>
        string.Create(CultureInfo.InvariantCulture, $"{CachePrefix}{sequence:D12}.{(fetched ? "fetched" : "recent")}{CacheExtension}");

    /// <summary>Parses a cache segment file name; false for any other file.</summary>
    public static bool TryParseCacheSegmentFileName(string fileName, out long sequence, out bool fetched)
    {
        sequence = 0;
        fetched = false;
        var name = Path.GetFileName(fileName);
        if (!name.StartsWith(CachePrefix, StringComparison.Ordinal) || !name.EndsWith(CacheExtension, StringComparison.Ordinal))
        {
            return false;
        }

        var middle = name[CachePrefix.Length..^CacheExtension.Length];
        int dot = middle.IndexOf('.', StringComparison.Ordinal);
        if (dot != 12 || middle[(dot + 1)..] is not ("recent" or "fetched")
            || !long.TryParse(middle.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        fetched = middle[(dot + 1)..] == "fetched";
        return true;
    }
}
