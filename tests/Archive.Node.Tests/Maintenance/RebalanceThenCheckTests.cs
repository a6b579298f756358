using System.Diagnostics.Metrics;
using Archive.Grid.Repair;
using Archive.Node.Hosting;
using Archive.Storage.Primitives;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Archive.Node.Tests.Maintenance;

/// <summary>
/// A settled rebalance is followed by an anti-entropy check at once: a shard the manifests name but no disk holds
/// (as a delete racing a move left it, while status said healthy) is queued for repair within seconds of the map
/// change, not at the next daily check.
/// </summary>
public sealed class RebalanceThenCheckTests
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "node-rebalance-check-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task MapChangeSettles_AShardMissingUnderItsManifest_IsQueuedForRepair()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Repair:Enabled=true", "--Rebalance:SettleDelay=00:00:00", "--Rebalance:DeleteGrace=00:00:00");
        await node.WriteObjectsAsync(4, seed: 71);
        var (manifest, _) = node.Objects[1];
        var key = new ShardKey(manifest.Parts[0].StorageKey, 3);
        Assert.Equal(Storage.Store.ShardStatus.Ok, await node.Runtime.Store.DeleteAsync(key));
        Assert.Equal(0, node.Runtime.Repairs.Count);

        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var progress = new RebalanceProgress(node.Runtime.Settings.RebalanceStatePath, node.Runtime.Maps.Current.Epoch);
        using var service = new RebalanceService(node.Runtime, progress, new RepairMetrics(meters.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLoggerFactory.Instance, NullLogger<RebalanceService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(node.Runtime.Maps.TryApply(node.Runtime.Maps.Current with { Epoch = node.Runtime.Maps.Current.Epoch + 1 }));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (node.Runtime.Repairs.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            var item = Assert.Single(await node.Runtime.Repairs.PeekAsync(10));
            Assert.Equal(manifest.ObjectName, item.ObjectName);
            Assert.Equal([3], item.ShardIndices);
            Assert.Equal(RepairReason.MissingOnCheck, item.Reason);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SettledMap_APassAskedFor_RunsWithoutAMapChange()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Repair:Enabled=true", "--Rebalance:SettleDelay=00:00:00");
        await node.WriteObjectsAsync(2, seed: 73);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var progress = new RebalanceProgress(node.Runtime.Settings.RebalanceStatePath, node.Runtime.Maps.Current.Epoch);
        using var service = new RebalanceService(node.Runtime, progress, new RepairMetrics(meters.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLoggerFactory.Instance, NullLogger<RebalanceService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(300);
            Assert.Null(progress.Snapshot.Last); // settled: nothing to do

            progress.RequestPass(); // what anti-entropy does when it finds a crowded part
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (progress.Snapshot.Last is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var pass = progress.Snapshot.Last;
            Assert.NotNull(pass);
            Assert.Equal(node.Runtime.Maps.Current.Epoch, pass.Epoch);
            Assert.Equal(2, pass.Objects);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
