using Archive.Index;
using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Storage.CrashHost;

/// <summary>The node layout used by crash runs: {root}/node.id, {root}/disk{i}, {root}/fast. Shared with the verifier.</summary>
public static class CrashNode
{
    /// <summary>Small segments so that crashes also hit segment rotation.</summary>
    public static GroupCommitOptions GroupCommit { get; } = new() { SegmentMaxBytes = 2 << 20 };

    /// <summary>Creates (first run) or reads the node id and formats the disks.</summary>
    public static (NodeId Node, string[] Disks) Prepare(string root, int disks)
    {
        Directory.CreateDirectory(root);
        string idFile = Path.Combine(root, "node.id");
        var roots = Enumerable.Range(0, disks).Select(i => Path.Combine(root, $"disk{i}")).ToArray();
        if (!File.Exists(idFile))
        {
            var node = NodeId.New();
            foreach (var disk in roots)
            {
                DiskFormatter.Format(disk, node, TimeProvider.System);
            }

            File.WriteAllText(idFile + ".tmp", node.ToString());
            File.Move(idFile + ".tmp", idFile);
            Storage.Io.FileSync.Directory(root);
        }

        return (new NodeId(Guid.Parse(File.ReadAllText(idFile))), roots);
    }

    /// <summary>Opens index and store over the prepared layout. The caller disposes both (store first).</summary>
    public static async Task<(LocalShardStore Store, RocksShardIndex Index)> OpenAsync(string root, int disks, System.Diagnostics.Metrics.IMeterFactory meters)
    {
        var (node, roots) = Prepare(root, disks);
        var index = RocksShardIndex.Open(StoragePaths.IndexDirectory(Path.Combine(root, "fast")));
        var options = new StorageOptions { Node = node, DataDisks = roots, GroupCommit = GroupCommit };
        var store = await LocalShardStore.OpenAsync(options, index, TimeProvider.System, new StorageMetrics(meters), NullLogger<LocalShardStore>.Instance);
        return (store, index);
    }
}
