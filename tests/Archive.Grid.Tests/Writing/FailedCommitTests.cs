using Archive.Grid.Coding;
using Archive.Grid.Manifests;
using Archive.Grid.Peers;
using Archive.Grid.Reading;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Writing;

/// <summary>
/// A write whose manifest misses its quorum fails, but a replica that took the manifest (or may have) keeps the
/// object's shards alive: deleting them would let a later write of the same bytes answer "duplicate" for a lost object.
/// </summary>
public sealed class FailedCommitTests
{
    private const string Name = "1.2.840.7";

    [Fact]
    public async Task Write_OneReplicaTookTheManifestTheOthersFailed_ShardsStayAndTheSameBytesLaterReadBack()
    {
        var replicas = new FaultyManifestReplica.Wrapper();
        using var grid = new FakeGrid(6, decorateReplica: replicas.Wrap);
        var partition = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        replicas.Of(grid, partition[1].Id).Mode = ReplicaFault.Throw;
        replicas.Of(grid, partition[2].Id).Mode = ReplicaFault.Throw;
        var content = Content(200_000, compressible: true, seed: 7);

        var failed = await Write(grid, Name, content);

        Assert.Equal(GridWriteStatus.QuorumNotReached, failed.Status);
        Assert.Equal(6, grid.Map.Nodes.Sum(n => grid.Store(n.Id).Count)); // every shard kept
        var missed = grid.Repairs.Items.Where(i => i.Reason == RepairReason.ManifestReplicaMissed).Select(i => i.NodeId).Order().ToArray();
        Assert.Equal(new[] { partition[1].Id, partition[2].Id }.Order().ToArray(), missed);

        // The PACS sends the object again: the replica that kept the manifest makes it a duplicate, and it is whole.
        replicas.Of(grid, partition[1].Id).Mode = ReplicaFault.None;
        replicas.Of(grid, partition[2].Id).Mode = ReplicaFault.None;
        Assert.Equal(GridWriteStatus.Duplicate, (await Write(grid, Name, content)).Status);
        Assert.Equal(content, await ReadBack(grid, Name));

        // Repair puts the manifest on the replicas that missed it.
        using var codecs = new CodecPool();
        var repairer = Repairer(grid, codecs);
        foreach (var item in grid.Repairs.Items.Where(i => i.Reason == RepairReason.ManifestReplicaMissed))
        {
            Assert.Equal(RepairStatus.Repaired, (await repairer.RepairAsync(item)).Status);
        }

        Assert.All(partition, node => Assert.Single(grid.Replica(node.Id).All()));
    }

    [Fact]
    public async Task Write_EveryReplicaRefusedTheManifest_ShardsDeletedAndNothingQueued()
    {
        var replicas = new FaultyManifestReplica.Wrapper();
        using var grid = new FakeGrid(6, decorateReplica: replicas.Wrap);
        foreach (var node in ManifestDirectory.ReplicasOf(grid.Map, "study-1"))
        {
            replicas.Of(grid, node.Id).Mode = ReplicaFault.Refuse;
        }

        var failed = await Write(grid, Name, Content(200_000, compressible: true, seed: 8));

        Assert.Equal(GridWriteStatus.QuorumNotReached, failed.Status);
        Assert.Equal(0, grid.Map.Nodes.Sum(n => grid.Store(n.Id).Count));
        Assert.Empty(grid.Repairs.Items);
    }

    /// <summary>A version whose every manifest answer was lost: its items stay while a replica is silent (it may hold it), then go.</summary>
    [Theory]
    [InlineData(RepairReason.ManifestReplicaMissed, false)]
    [InlineData(RepairReason.MissedOnWrite, true)] // a shard item, which used to stay queued for good
    public async Task Repair_VersionNoReplicaHolds_NothingToRepairOnlyOnceEveryReplicaAnswered(RepairReason reason, bool shardMissed)
    {
        var replicas = new FaultyManifestReplica.Wrapper();
        using var grid = new FakeGrid(6, decorateReplica: replicas.Wrap);
        var partition = ManifestDirectory.ReplicasOf(grid.Map, "study-1");
        if (shardMissed)
        {
            grid.Kill(grid.Map.Nodes.First(n => partition.All(r => r.Id != n.Id)).Id);
        }

        foreach (var node in partition)
        {
            replicas.Of(grid, node.Id).Mode = ReplicaFault.Throw; // every answer lost: the write cannot tell
        }

        Assert.Equal(GridWriteStatus.QuorumNotReached, (await Write(grid, Name, Content(50_000, compressible: false, seed: 9))).Status);
        var item = grid.Repairs.Items.First(i => i.Reason == reason);
        using var codecs = new CodecPool();
        var repairer = Repairer(grid, codecs);

        replicas.Of(grid, partition[0].Id).Mode = ReplicaFault.None;
        replicas.Of(grid, partition[1].Id).Mode = ReplicaFault.None;
        Assert.Equal(RepairStatus.Retry, (await repairer.RepairAsync(item)).Status); // one replica still silent

        replicas.Of(grid, partition[2].Id).Mode = ReplicaFault.None;
        Assert.Equal(RepairStatus.NothingToRepair, (await repairer.RepairAsync(item)).Status);
    }

    private static GridRepairer Repairer(FakeGrid grid, CodecPool codecs) =>
        new(grid.Maps, grid, grid.Membership, codecs, new GridReadOptions(), TimeSpan.Zero, TimeProvider.System, NullLogger<GridRepairer>.Instance);
}
