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
    public async Task AntiEntropy_AManifestNamingAnotherDiskOfTheNode_IsCorrectedToTheDiskHoldingTheShard()
    {
        await using var node = await ScrubNode.OpenAsync(_home, "--Repair:Enabled=true");
        await node.WriteObjectsAsync(2, seed: 75);
        var written = node.Objects[0].Manifest;
        var manifest = Assert.Single(await node.Runtime.Replica.GetVersionsAsync(written.PartitionKey, written.ObjectId));
        var part = manifest.Parts[0];
        var held = part.Shards[2].DiskId;
        var other = part.Shards[3].DiskId; // another disk of the node (it has six, one shard each)
        var wrong = manifest with { Parts = [part with { Shards = part.Shards.Select((l, i) => i == 2 ? l with { DiskId = other } : l).ToArray() }, .. manifest.Parts.Skip(1)] };
        Assert.True(await node.Runtime.Replica.MovePlacementAsync(manifest, wrong)); // what a reconciliation from a stale copy left

        var checker = RepairAntiEntropyService.CreateChecker(node.Runtime, NullLoggerFactory.Instance);
        var pass = await checker.CheckAsync(new Archive.Index.Scrub.LocalManifestScan(node.Runtime.GridDatabase).ListAllAsync());

        Assert.Equal((1L, 0L), (pass.DisksCorrected, pass.Missing));
        var now = Assert.Single(await node.Runtime.Replica.GetVersionsAsync(manifest.PartitionKey, manifest.ObjectId));
        Assert.Equal(held, now.Parts[0].Shards[2].DiskId);
        Assert.Equal(0, (await checker.CheckAsync(new Archive.Index.Scrub.LocalManifestScan(node.Runtime.GridDatabase).ListAllAsync())).DisksCorrected);
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
