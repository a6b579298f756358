using Archive.Storage.Io;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;

namespace Archive.Storage.Disks;

/// <summary>Writes a new label on an empty or unformatted mount directory. Not thread-safe per directory.</summary>
public static class DiskFormatter
{
    /// <summary>
    /// Formats <paramref name="root"/> for <paramref name="node"/>: creates the segment directory and
    /// writes the label durably (temporary file, fsync, rename, directory fsync).
    /// </summary>
    /// <exception cref="InvalidOperationException">The directory already carries a label or segments.</exception>
    public static DiskLabel Format(string root, NodeId node, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(root);
        if (File.Exists(StoragePaths.LabelFile(root)))
        {
            ThrowHelper.InvalidOperation($"'{root}' is already formatted; refusing to overwrite its label.");
        }

        string segments = StoragePaths.SegmentDirectory(root);
        if (Directory.Exists(segments) && Directory.EnumerateFileSystemEntries(segments).Any())
        {
            ThrowHelper.InvalidOperation($"'{root}' holds segment files but no label; refusing to format it.");
        }

        Directory.CreateDirectory(segments);
        var now = time.GetUtcNow();
        var label = new DiskLabel(DiskId.New(), node, DiskLabelCodec.FormatMajor, DiskLabelCodec.FormatMinor,
            DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
        string final = StoragePaths.LabelFile(root);
        string temp = final + StoragePaths.TemporaryExtension;
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, DiskLabelCodec.Encode(label), 0);
            FileSync.File(handle);
        }

        File.Move(temp, final);
        FileSync.Directory(segments);
        FileSync.Directory(root);
        return label;
    }
}
