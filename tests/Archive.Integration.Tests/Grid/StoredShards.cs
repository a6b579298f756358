using Archive.Grid.Manifests;
using Archive.Storage.Layout;
using Archive.Storage.Records;
using Archive.Storage.Segments;
using Archive.Tools.LocalGrid;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// The shard records in a node's segment files, read straight from its disk directories (as an
/// offline tool would), each with its grid identity from the part descriptor it carries; and the
/// damage a campaign does to them: a flipped bit in one block, a truncated file.
/// </summary>
internal static class StoredShards
{
    /// <summary>One shard record on disk.</summary>
    public sealed record StoredShard(string NodeId, string DiskDirectory, string SegmentPath, ulong SegmentId, ScannedRecord Record, string ObjectName, int Part, int TotalParts)
    {
        /// <summary>(object name, part, shard): what repair items and scrub reports name.</summary>
        public (string Name, int Part, int Shard) Id => (ObjectName, Part, Record.Header.Key.ShardIndex);

        public int ParityShards => Record.Header.M;
    }

    /// <summary>Every shard record with a readable grid descriptor on the disks of <paramref name="node"/>, in file order.</summary>
    public static List<StoredShard> Of(LocalNodeSpec node) => node.DataDirs.SelectMany(disk => OfDisk(node.Id, disk)).ToList();

    public static List<StoredShard> OfDisk(string nodeId, string disk)
    {
        var found = new List<StoredShard>();
        var directory = StoragePaths.SegmentDirectory(disk);
        if (!Directory.Exists(directory))
        {
            return found;
        }

        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (!StoragePaths.TryParseSegmentFileName(Path.GetFileName(path), out var segmentId))
            {
                continue;
            }

            SegmentScanner.Scan(path, null, 0, record =>
            {
                if (record.Header.Kind == RecordKind.Shard && ManifestCodec.TryDecode(record.Manifest, out var manifest) && manifest is not null)
                {
                    var descriptor = GridManifestCodec.DecodeAny(manifest.Attributes);
                    found.Add(new StoredShard(nodeId, disk, path, segmentId, record, descriptor.Manifest.ObjectName, descriptor.FirstPartIndex, descriptor.TotalParts));
                }
            });
        }

        return found;
    }

    /// <summary>Flips one bit of a random byte of block <paramref name="block"/> of <paramref name="shard"/> (its frame: payload or checksum).</summary>
    public static void FlipBitInBlock(StoredShard shard, int block, Random random)
    {
        var header = shard.Record.Header;
        var dataStart = shard.Record.Offset + ShardRecordFormat.HeaderLength + header.ManifestLength;
        var frameStart = dataStart + ShardRecordFormat.BlockOffset(header.BlockSize, block, header.BlockChecksum);
        var frameLength = ShardRecordFormat.FrameLength(header.ShardLength, header.BlockSize, block, header.BlockChecksum);
        var offset = frameStart + random.Next(frameLength);
        using var file = new FileStream(shard.SegmentPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ (1 << random.Next(8))));
        file.Flush(flushToDisk: true);
    }

    /// <summary>Cuts <paramref name="path"/> to <paramref name="length"/> bytes.</summary>
    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        file.SetLength(length);
        file.Flush(flushToDisk: true);
    }
}
