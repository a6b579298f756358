using Archive.Grid.Map;
using Archive.Storage.Store;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// A single node whose disk directory was wiped while it was down (a failed drive swapped for a blank one): at start
/// the blank directory is formatted as a new disk and joins the node's own map, the lost disk's shards are reported,
/// and repair rebuilds them onto the new disk, every object back to k+m verified shards without an operator's map edit,
/// after which the old disk is reported only as one the map names and no directory carries, until marked failed there.
/// </summary>
public sealed class WipedDiskReplacementTests
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-swap-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DiskWipedWhileDown_NewDiskJoinsTheMap_RepairRestoresFullRedundancy()
    {
        await using var first = await ScrubNode.OpenAsync(_home);
        await first.WriteObjectsAsync(8, seed: 51);
        var wiped = first.Runtime.Store.Disks[2];
        var epoch = first.Runtime.Maps.Current.Epoch;

        await using var node = await first.RestartAsync(() => ScrubNode.Wipe(wiped));
        var map = node.Runtime.Maps.Current;
        Assert.Equal(epoch + 1, map.Epoch);
        var disks = Assert.Single(map.Nodes).Disks;
        Assert.Equal(7, disks.Count);
        Assert.Contains(disks, d => d.Id == wiped.Id.ToString() && d.State == DiskState.Active);
        Assert.Equal(6, node.Runtime.Store.Disks.Count);
        Assert.DoesNotContain(node.Runtime.Store.Disks, d => d.Id == wiped.Id);
        Assert.Contains(node.Runtime.Store.GetHealth().Disks, d => d.Disk == wiped.Id && d.Failure == LocalShardStore.LostDiskFailure);
        Assert.Equal(map.Epoch, Archive.Grid.Map.GridMapJson.Load(node.Runtime.Settings.GridMapPath).Epoch);

        using var scrub = node.NewCoordinator();
        Assert.True(await ScrubNode.ScrubAllAsync(scrub) > 0);
        await node.RepairAllAsync();
        Assert.Equal(0, node.Runtime.Repairs.Count);
        await node.AssertFullRedundancyAsync();

        // Every shard of the lost disk now lives on another disk: it is no longer a lost disk, only one the map still
        // names and no directory carries, until an operator marks it failed there.
        Assert.Empty(node.Runtime.Store.LostDisks);
        Assert.Equal(LocalShardStore.MissingDiskFailure, Assert.Single(node.Runtime.Store.GetHealth().Disks, d => d.Disk == wiped.Id).Failure);
        var marked = node.Runtime.Maps.Current with { Epoch = node.Runtime.Maps.Current.Epoch + 1, Nodes = [map.Nodes.Single() with { Disks = [.. disks.Select(d => d.Id == wiped.Id.ToString() ? d with { State = DiskState.Failed } : d)] }] };
        Assert.True(node.Runtime.Maps.TryApply(marked));
        Assert.DoesNotContain(node.Runtime.Store.GetHealth().Disks, d => d.Disk == wiped.Id);
    }
}
