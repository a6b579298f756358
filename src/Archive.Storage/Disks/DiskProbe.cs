using Archive.Storage.Layout;
using Archive.Storage.Primitives;

namespace Archive.Storage.Disks;

/// <summary>Reads and checks the label of a mount directory without changing anything. Thread-safe.</summary>
public static class DiskProbe
{
    /// <summary>
    /// Reads the label at <paramref name="root"/>. With <paramref name="expectedNode"/>, a disk of
    /// another node is refused with <see cref="DiskRefusalReason.ForeignNode"/>.
    /// </summary>
    public static DiskRefusalReason Probe(string root, NodeId? expectedNode, out DiskLabel? label)
    {
        label = null;
        if (!Directory.Exists(root))
        {
            return DiskRefusalReason.Missing;
        }

        string path = StoragePaths.LabelFile(root);
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return DiskRefusalReason.Unformatted;
            }

            var info = new FileInfo(path);
            if (info.Length != DiskLabelCodec.Length)
            {
                return DiskRefusalReason.CorruptLabel;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return DiskRefusalReason.Unreadable;
        }
        catch (UnauthorizedAccessException)
        {
            return DiskRefusalReason.Unreadable;
        }

        var reason = DiskLabelCodec.TryDecode(bytes, out label);
        if (reason == DiskRefusalReason.None && expectedNode is { } node && label!.NodeId != node)
        {
            return DiskRefusalReason.ForeignNode;
        }

        return reason;
    }
}
