using Archive.Index;
using Archive.Storage.Diagnostics;
using Archive.Storage.Disks;
using Archive.Storage.GroupCommit;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Archive.Testing.Diagnostics;

namespace Archive.Storage.Tests.Support;

/// <summary>A node with formatted data disks and a RocksDB index in a temp directory; reopenable.</summary>
public sealed class StoreHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();

    public StoreHarness(int disks = 2, GroupCommitOptions? groupCommit = null, IReadOnlyList<string>? diskRoots = null)
    {
        Node = NodeId.New();
        DiskRoots = diskRoots ?? Enumerable.Range(0, disks).Select(i => _temp.Sub($"disk{i}")).ToList();
        foreach (var root in DiskRoots)
        {
            DiskFormatter.Format(root, Node, TimeProvider.System);
        }

        Fast = _temp.Sub("fast");
        GroupCommit = groupCommit ?? new GroupCommitOptions { SegmentMaxBytes = 1 << 20 };
    }

    public NodeId Node { get; }

    public IReadOnlyList<string> DiskRoots { get; set; }

    public string Fast { get; }

    public GroupCommitOptions GroupCommit { get; set; }

    /// <summary>Blank disk roots start-up held back (<see cref="StorageOptions.LooksUnmounted"/>).</summary>
    public IReadOnlySet<string> LooksUnmounted { get; set; } = new HashSet<string>();

    public TestMeterFactory Meters { get; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LocalShardStore? Store { get; private set; }

    public RocksShardIndex? Index { get; private set; }

    public string IndexDirectory => StoragePaths.IndexDirectory(Fast);

    public string TempPath(string name) => _temp.Sub(name);

    public async Task<LocalShardStore> OpenAsync()
    {
        await CloseAsync();
        Index = RocksShardIndex.Open(IndexDirectory);
        var options = new StorageOptions { Node = Node, DataDisks = DiskRoots, GroupCommit = GroupCommit, LooksUnmounted = LooksUnmounted };
        Store = await LocalShardStore.OpenAsync(options, Index, Time, new StorageMetrics(Meters), NullLogger<LocalShardStore>.Instance);
        return Store;
    }

    public async Task CloseAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
            Store = null;
        }

        Index?.Dispose();
        Index = null;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        Meters.Dispose();
        _temp.Dispose();
    }
}
