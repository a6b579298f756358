using System.Globalization;
using Archive.Storage.Primitives;

namespace Archive.Storage.Layout;

/// <summary>
/// Every file and directory name the storage engine creates, decided in one place (STYLE.md §7).
/// Data disk: <c>{root}/archive-disk.label</c>, <c>{root}/segments/seg-{id:D12}.aseg</c>.
/// Fast disk: <c>{root}/index/</c> (RocksDB), <c>{root}/cache/{object}-v{version}.acache</c>.
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

    /// <summary>Extension of a replica cache entry.</summary>
    public const string CacheExtension = ".acache";

    /// <summary>Extension of a file being written that is renamed into place once durable.</summary>
    public const string TemporaryExtension = ".tmp";

    private const string SegmentPrefix = "seg-";

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

    /// <summary>File name (no directory) of a cached object.</summary>
    public static string CacheFileName(ObjectKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Id}-v{key.Version}{CacheExtension}");

    /// <summary>Parses a cache file name; false for any other file.</summary>
    public static bool TryParseCacheFileName(string fileName, out ObjectKey key)
    {
        key = default;
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(CacheExtension, StringComparison.Ordinal) || name.Length < 36 || name[32] != '-' || name[33] != 'v')
        {
            return false;
        }

        var version = name.AsSpan(34, name.Length - 34 - CacheExtension.Length);
        if (!uint.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out uint v))
        {
            return false;
        }

        try
        {
            key = new ObjectKey(ObjectId.Parse(name[..32]), v);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
