using Archive.Storage.Disks;
using Archive.Testing;
using Archive.Testing.Disks;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// A data disk that fills up (a small tmpfs: needs root, as in CI) on a node with one disk more than an object's
/// shards: reported full, new objects placed around it with every shard durable, the shards it missed repaired onto
/// another disk, and what it holds still read.
/// </summary>
public sealed class FullDiskPlacementTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-full-" + Guid.NewGuid().ToString("N"));
    private readonly string _small = Path.Combine(Path.GetTempPath(), "node-full-disk-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DiskFills_ReportedFull_WritesPlaceAroundIt_RepairPutsItsMissedShardsElsewhere()
    {
        using var tmpfs = Tmpfs.Mount(_small, 3);
        var disks = Enumerable.Range(1, 6).Select(i => Path.Combine(_home, "disks", $"d{i}")).Append(tmpfs.Path).ToArray();
        // Segments smaller than the small disk: one with less room than a segment is full from the start.
        await using var node = await ScrubNode.OpenAsync(_home, [.. disks.Select((d, i) => $"--Node:DataDisks:{i}={d}"), "--Storage:GroupCommit:SegmentMaxBytes=1048576"]);
        var small = node.Runtime.Store.Disks.Single(d => d.Root == tmpfs.Path);

        // Objects of 70-400 kB on ec-4-2 put shards of 18-100 kB on six of the seven disks: 3 MiB fill in a few dozen.
        for (var seed = 0; seed < 200 && StateOf(node, small) != DiskState.Full; seed++)
        {
            await node.WriteObjectsAsync(1, seed: 1000 + seed);
        }

        Assert.Equal(DiskState.Full, StateOf(node, small));
        Assert.True(small.IsHealthy);

        // The puts it refused while filling are queued for repair (at their write's quorum, or just after it when the
        // refused put was still running then).
        Assert.True(await Waiting.UntilAsync(() => node.Runtime.Repairs.Count > 0, TimeSpan.FromSeconds(10)));

        // From the next look at the disks' health (within a second) a part that would have named it goes around it.
        await node.AssertWritesPlaceAroundAsync(small, 12, seed: 77);

        // Repair rebuilds the refused shards on a disk with room.
        await node.RepairAllAsync();
        Assert.Equal(0, node.Runtime.Repairs.Count);
        Assert.Equal(DiskState.Full, StateOf(node, small));
        await node.AssertFullRedundancyAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_small))
        {
            Directory.Delete(_small, recursive: true);
        }
    }

    private static DiskState StateOf(ScrubNode node, DataDisk disk) =>
        node.Runtime.Store.GetHealth().Disks.Single(d => d.Disk == disk.Id).State;
}
