using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Placement;
using Archive.Grid.Rebalancing;
using Archive.Grid.Repair;
using Archive.Grid.Writing;
using Archive.Storage.Primitives;
using Archive.Storage.Store;
using Archive.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static Archive.Grid.Tests.Writing.GridRoundTripTests;

namespace Archive.Grid.Tests.Rebalancing;

/// <summary>
/// Rebalancing on in-memory nodes (ec-4-2): a node added draws its share, a node drained ends up
/// holding nothing, catalog replicas the new map names are refilled, every object reads back
/// bit-exact after each step and never has fewer live shards than k+m. Unreachable sources or
/// targets leave moves pending and delete nothing. Seeds pinned.
/// </summary>
public sealed class ShardRebalancerTests
{
    private static readonly GridWriteOptions SmallParts = new() { PartShardBytes = 64 * 1024, BlockSize = 16 * 1024 };
    private static readonly RebalanceOptions Fast = new() { DeleteGrace = TimeSpan.Zero, BytesPerSecond = long.MaxValue / 4 };

    [Fact]
    public async Task NodeAdded_ItDrawsItsShare_OthersGiveUpExactlyWhatMoved()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var newcomer = grid.Map.Nodes[7].Id;
        Assert.True(grid.Maps.TryApply(grid.Map with { Epoch = 2, Nodes = grid.Map.Nodes.Take(7).ToArray() }));
        var objects = await WriteAsync(grid, 16, seed: 3);
        Assert.Equal(0, grid.Store(newcomer).Count);
        var shardsBefore = TotalShards(grid);

        Assert.True(grid.Maps.TryApply(grid.Map with { Epoch = 3 }));
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.True(pass.Moved > 0 && pass.Settled, $"moved {pass.Moved}, pending {pass.Pending}");
        Assert.Equal(pass.Moved, grid.Store(newcomer).Count);
        Assert.Equal(shardsBefore, TotalShards(grid)); // every old copy removed, none lost
        await AssertPlacedAndReadableAsync(grid, objects);
        Assert.Equal(0, (await RebalanceEverywhereAsync(grid)).Moved); // settled: a second pass moves nothing
    }

    [Fact]
    public async Task NodeDrained_HoldsNothingAfterwards_AndItsCatalogReplicasAreRefilled()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 16, seed: 5);
        var drained = grid.Map.Nodes[2].Id;
        Assert.True(grid.Store(drained).Count > 0);

        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.True(pass.Settled, $"pending {pass.Pending}, unrefilled {pass.PartitionsUnrefilled}");
        Assert.Equal(0, grid.Store(drained).Count);
        await AssertPlacedAndReadableAsync(grid, objects);
        foreach (var (partition, names) in objects.GroupBy(o => o.Partition).Select(g => (g.Key, g.Select(o => o.Name).ToHashSet())))
        {
            foreach (var replica in ManifestDirectoryReplicas(grid, partition))
            {
                var held = grid.Replica(replica).All().Where(m => m.PartitionKey == partition).Select(m => m.ObjectName).ToHashSet();
                Assert.True(names.SetEquals(held), $"replica {replica} of {partition} holds {held.Count} of {names.Count}");
            }
        }

        // Retiring it now loses nothing: reads never need it.
        grid.Kill(drained);
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task TargetUnreachable_MovesStayPending_NothingDeleted_ThenSettleWhenItReturns()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var newcomer = grid.Map.Nodes[7].Id;
        Assert.True(grid.Maps.TryApply(grid.Map with { Epoch = 2, Nodes = grid.Map.Nodes.Take(7).ToArray() }));
        var objects = await WriteAsync(grid, 8, seed: 9);
        var shardsBefore = TotalShards(grid);
        Assert.True(grid.Maps.TryApply(grid.Map with { Epoch = 3 }));
        grid.Kill(newcomer);

        var blocked = await RebalanceEverywhereAsync(grid, except: newcomer);

        Assert.True(blocked.Pending > 0 && blocked.Moved == 0, $"moved {blocked.Moved}, pending {blocked.Pending}");
        Assert.Equal(shardsBefore, TotalShards(grid, except: newcomer));
        await AssertReadableAsync(grid, objects);

        grid.Revive(newcomer);
        var settled = await RebalanceEverywhereAsync(grid);
        Assert.True(settled.Settled && settled.Moved == blocked.Pending, $"moved {settled.Moved} of {blocked.Pending}");
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task SourceCorrupt_ThatShardIsNotMoved_AndNoCopyIsMadeFromBadBytes()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 6, seed: 11);
        var drained = grid.Map.Nodes[4].Id;
        var rotten = grid.Store(drained).Keys.First();
        lock (grid.Store(drained).Corrupted)
        {
            grid.Store(drained).Corrupted.Add(rotten);
        }

        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.Equal(2, pass.Pending); // its owner's move, and the drained node's sweep that finds it still named there
        Assert.Equal([rotten], grid.Store(drained).Keys.ToArray());
        Assert.DoesNotContain(grid.Map.Nodes.Where(n => n.Id != drained), n => grid.Store(n.Id).Keys.Contains(rotten));
        await AssertReadableAsync(grid, objects);
    }

    [Fact]
    public async Task ShardMovedBackDuringTheGracePeriod_TheOldCopysDeleteSparesIt()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = (await WriteAsync(grid, 12, seed: 13)).Where(o => o.Partition == "study-0").ToList();
        var replicas = ManifestDirectoryReplicas(grid, "study-0").ToArray();
        var owner = replicas[0];
        var drained = grid.Map.Nodes.Select(n => n.Id).First(id => !replicas.Contains(id) && objects.Any(o => NamesNode(grid, o.Name, id)));
        var held = grid.Replica(owner).All().Where(m => m.PartitionKey == "study-0").OrderBy(m => m.ObjectId).ToArray();

        // The owner drains the node: copies off it, commits, and waits out its grace period before deleting the old copies.
        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        var slow = new ShardRebalancer(owner, grid.Maps, grid, grid.Membership, Fast with { DeleteGrace = TimeSpan.FromSeconds(3) }, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger<ShardRebalancer>.Instance);
        var draining = slow.RunAsync(held.ToAsyncEnumerable(), refill: false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (objects.Any(o => NamesNode(grid, o.Name, drained)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.DoesNotContain(objects, o => NamesNode(grid, o.Name, drained));
        Assert.False(draining.IsCompleted);

        // Within that grace the node is made active again and the shards move back to it: same keys, now named there.
        Assert.True(grid.Maps.TryApply(WithState(grid.Maps.Current, drained, NodeState.Active)));
        var back = new ShardRebalancer(owner, grid.Maps, grid, grid.Membership, Fast, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger<ShardRebalancer>.Instance);
        Assert.True((await back.RunAsync(grid.Replica(owner).All().Where(m => m.PartitionKey == "study-0").OrderBy(m => m.ObjectId).ToAsyncEnumerable(), refill: false)).Moved > 0);
        Assert.Contains(objects, o => NamesNode(grid, o.Name, drained));

        // The first pass's deletes by key would have taken those copies (objects below k shards, status none the wiser).
        await draining;
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task AReplicaBackWithAnOldPlacement_EveryReplicaEndsWithThePlacementWhoseShardsAreThere()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = (await WriteAsync(grid, 12, seed: 17)).Where(o => o.Partition == "study-0").ToList();
        var replicas = ManifestDirectoryReplicas(grid, "study-0").ToArray();
        var stale = replicas[0]; // the owner, as the node back from a drain was
        var (_, name, _) = objects[0];
        var before = grid.Replica(replicas[1]).All().Single(m => m.ObjectName == name);
        var part = before.Parts[0];
        var spare = grid.Map.AllDisks().First(d => part.Shards.All(s => s.NodeId != d.Node.Id));
        var key = new ShardKey(part.StorageKey, 1);

        // Shard 1 was moved while the first replica was out of the partition's replica set: the others took the commit,
        // the old copy was deleted, and the first replica still names the old place.
        var after = MovedTo(before, 1, spare);
        await CopyShardAsync(grid, before, 1, spare.Node.Id, after);
        foreach (var replica in replicas.Skip(1))
        {
            Assert.True(await grid.Replica(replica).MovePlacementAsync(before, after));
        }

        await grid.Store(part.Shards[1].NodeId).DeleteAsync(key);

        Assert.True(grid.Maps.TryApply(grid.Map with { Epoch = 2 }));
        await RebalanceEverywhereAsync(grid);

        foreach (var replica in replicas)
        {
            var copy = grid.Replica(replica).All().Single(m => m.ObjectName == name);
            Assert.All(copy.Parts.SelectMany(p => p.Shards.Select((l, i) => (l, new ShardKey(p.StorageKey, (ushort)i)))), s => Assert.Contains(s.Item2, grid.Store(s.l.NodeId).Keys));
        }

        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task ReplicasSplit_BothPlacementsWhole_OneNamingADrainedNode_ThePlacementTheMapWantsWinsAndTheDrainEnds()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = (await WriteAsync(grid, 12, seed: 23)).Where(o => o.Partition == "study-0").ToList();
        var replicas = ManifestDirectoryReplicas(grid, "study-0").ToArray();
        var (before, index) = objects.Select(o => grid.Replica(replicas[0]).All().Single(m => m.ObjectName == o.Name))
            .SelectMany(m => m.Parts[0].Shards.Select((s, i) => (Manifest: m, Index: i)))
            .First(c => !replicas.Contains(c.Manifest.Parts[0].Shards[c.Index].NodeId));
        var part = before.Parts[0];
        var drained = part.Shards[index].NodeId;
        var spare = grid.Map.AllDisks().First(d => d.Node.Id != drained && part.Shards.All(s => s.NodeId != d.Node.Id));

        // A move of the shard to the spare reached every replica but the owner (another node reconciling put the old
        // placement back there): both placements have every shard, the owner's names a node that is now drained.
        var after = MovedTo(before, index, spare);
        await CopyShardAsync(grid, before, index, spare.Node.Id, after);
        foreach (var replica in replicas.Skip(1))
        {
            Assert.True(await grid.Replica(replica).MovePlacementAsync(before, after));
        }

        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.True(pass.Settled, $"pending {pass.Pending}, unrefilled {pass.PartitionsUnrefilled}");
        var copies = replicas.Select(r => grid.Replica(r).All().Single(m => m.ObjectName == before.ObjectName).Parts[0].Shards).ToArray();
        Assert.All(copies, c => Assert.Equal(copies[0], c)); // the split is mended
        Assert.DoesNotContain(copies[0], s => s.NodeId == drained);
        Assert.Equal(0, grid.Store(drained).Count);
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task DrainedNode_ACopyNoManifestNamesThereIsDeleted_SoTheDrainEnds()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 12, seed: 29);
        var drained = grid.Map.Nodes[3].Id;
        var (partition, name, _) = objects.First(o => grid.Replica(ManifestDirectoryReplicas(grid, o.Partition).First()).All()
            .Single(m => m.ObjectName == o.Name).Parts[0].Shards.All(s => s.NodeId != drained));
        var manifest = grid.Replica(ManifestDirectoryReplicas(grid, partition).First()).All().Single(m => m.ObjectName == name);

        // A copy of shard 0 left on the node by a delete that was lost: no manifest names it there.
        await CopyShardAsync(grid, manifest, 0, drained, manifest);

        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.True(pass.Settled, $"pending {pass.Pending}, unrefilled {pass.PartitionsUnrefilled}");
        Assert.Equal(0, grid.Store(drained).Count);
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task AReplicaUnableToAnswerWhenTheOldCopyGoes_ThePassLeavesOnlyLeftovers_TheNextSettlesIt()
    {
        using var grid = new FakeGrid(8, writeOptions: SmallParts);
        var objects = await WriteAsync(grid, 1, seed: 31);
        var manifest = grid.Replica(ManifestDirectoryReplicas(grid, "study-0").First()).All().Single();
        var drained = manifest.Parts[0].Shards[0].NodeId;
        Assert.True(grid.Maps.TryApply(WithState(grid.Map, drained, NodeState.Draining)));
        // A catalog replica whose version lookups fail (its connection drops) while the old copy's delete is decided:
        // the replicas cannot decide it, though every move was made and every replica compared.
        var unsure = ManifestDirectoryReplicas(grid, "study-0").First(n => n != drained);
        grid.Replica(unsure).FailingLookups = 1_000;

        var first = await RebalanceEverywhereAsync(grid);

        Assert.True(first.OnlyLeftovers && first.Moved > 0, $"moved {first.Moved}, pending {first.Pending}, leftovers {first.Leftovers}, unrefilled {first.PartitionsUnrefilled}");
        Assert.True(grid.Store(drained).Count > 0); // its copy stays until the replicas can decide
        Assert.Equal(TimeSpan.FromSeconds(30), new RebalanceOptions().NextPassDelay(first, leftoverRetries: 1));

        grid.Replica(unsure).FailingLookups = 0;
        var second = await RebalanceEverywhereAsync(grid);

        Assert.True(second.Settled, $"pending {second.Pending}, leftovers {second.Leftovers}");
        Assert.Equal(0, grid.Store(drained).Count);
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    [Fact]
    public async Task AReplicaNamingAWipedDiskOfTheRightNode_LosesToTheCopyNamingTheDiskTheShardIsOn()
    {
        // A disk was wiped and removed from the map; repair rebuilt its shard on the node's other disk and committed that,
        // and one replica kept the placement naming the wiped disk. Both copies find the key on the node; only one names
        // the disk it is on. Asked where the shard is, the node says.
        using var grid = new FakeGrid(8, disksPerNode: 2, writeOptions: SmallParts);
        var objects = (await WriteAsync(grid, 12, seed: 23)).Where(o => o.Partition == "study-0").ToList();
        var replicas = ManifestDirectoryReplicas(grid, "study-0").ToArray();
        var (stale, index, node, wiped, other, newMap) = FindShardOnADiskToWipe(grid, replicas[0]);
        var truth = MovedTo(stale, index, new DiskLocation(node, other));
        foreach (var replica in replicas.Skip(1))
        {
            Assert.True(await grid.Replica(replica).MovePlacementAsync(stale, truth));
        }

        ((InMemoryShardStore)grid.Store(node.Id)).DiskOf[new ShardKey(stale.Parts[0].StorageKey, (ushort)index)] = other.Id;
        Assert.True(grid.Maps.TryApply(newMap));
        await RebalanceEverywhereAsync(grid);

        foreach (var replica in replicas)
        {
            var copy = grid.Replica(replica).All().Single(m => m.ObjectName == stale.ObjectName);
            Assert.Equal(other.Id, copy.Parts[0].Shards[index].DiskId);
        }

        Assert.DoesNotContain(wiped.Id, grid.Maps.Current.AllDisks().Select(d => d.Disk.Id));
        await AssertPlacedAndReadableAsync(grid, objects);
    }

    /// <summary>
    /// A study-0 object's shard whose disk, removed from the map, leaves the node's other disk as the shard's place on the
    /// new map (so both copies want no move, and only where the shard really is tells them apart).
    /// </summary>
    private static (GridManifest Stale, int Index, GridNode Node, GridDisk Wiped, GridDisk Other, GridMap NewMap) FindShardOnADiskToWipe(FakeGrid grid, string replica)
    {
        foreach (var manifest in grid.Replica(replica).All().Where(m => m.PartitionKey == "study-0").OrderBy(m => m.ObjectName, StringComparer.Ordinal))
        {
            var part = manifest.Parts[0];
            for (var i = 0; i < part.Shards.Count; i++)
            {
                var node = grid.Map.FindNode(part.Shards[i].NodeId)!;
                var wiped = node.Disks.Single(d => d.Id == part.Shards[i].DiskId);
                var other = node.Disks.Single(d => d.Id != wiped.Id);
                if (string.CompareOrdinal(wiped.Id, other.Id) > 0)
                {
                    continue; // the stale copy's placement must sort first: the old tie-break picked it
                }

                var newMap = grid.Map with { Epoch = 2, Nodes = grid.Map.Nodes.Select(n => n.Id == node.Id ? n with { Disks = [other] } : n).ToArray() };
                var ideal = ShardPlacement.Place(newMap, Archive.Grid.Objects.ObjectIdentity.PlacementKey(part.StorageKey), part.Shards.Count).Targets;
                if (ideal[i] is { } target && target.Disk.Id == other.Id && part.Shards.Select((s, j) => (s, j)).All(x => x.j == i || (ideal[x.j] is { } t && t.Disk.Id == x.s.DiskId)))
                {
                    return (manifest, i, node, wiped, other, newMap);
                }
            }
        }

        throw new Xunit.Sdk.XunitException("no study-0 shard fits: change the seed");
    }

    [Fact]
    public async Task ACrowdedPart_AntiEntropyCountsIt_APassOnTheSettledMapSpreadsIt_AndLosingThatNodeLosesNothing()
    {
        using var grid = new FakeGrid(8, disksPerNode: 2, writeOptions: SmallParts);
        var objects = (await WriteAsync(grid, 8, seed: 21)).Where(o => o.Partition == "study-0").ToList();
        var replicas = ManifestDirectoryReplicas(grid, "study-0").ToArray();
        var (_, name, _) = objects[0];
        var before = grid.Replica(replicas[0]).All().Single(m => m.ObjectName == name);
        var part = before.Parts[0];
        var crowded = part.Shards[0].NodeId;
        var otherDisk = grid.Map.FindNode(crowded)!.Disks.First(d => d.Id != part.Shards[0].DiskId);

        // What a history of repairs and reconciled placements once left: shards 0 and 1 on one disk, 2 on that node's
        // other disk. Complete, yet that one node lost takes three of six shards of an ec-4-2 part.
        var after = MovedTo(MovedTo(before, 1, new DiskLocation(grid.Map.FindNode(crowded)!, grid.Map.FindNode(crowded)!.Disks.First(d => d.Id == part.Shards[0].DiskId))), 2, new DiskLocation(grid.Map.FindNode(crowded)!, otherDisk));
        foreach (var index in new[] { 1, 2 })
        {
            await CopyShardAsync(grid, before, index, crowded, after);
            await grid.Store(part.Shards[index].NodeId).DeleteAsync(new ShardKey(part.StorageKey, (ushort)index));
        }

        foreach (var replica in replicas)
        {
            Assert.True(await grid.Replica(replica).MovePlacementAsync(before, after));
        }

        var check = await AntiEntropyEverywhereAsync(grid);
        Assert.Equal(1, check.Crowded);
        Assert.Equal(0, check.Missing);
        var verifier = new Archive.Grid.Scrub.ObjectVerifier(grid.Maps, grid, grid.Membership, grid.Repairs);
        var verified = await verifier.VerifyAsync(after, queueRepairs: false, CancellationToken.None);
        Assert.True(verified.Complete); // every shard good: only the spread tells
        Assert.Equal(
            ["disk " + part.Shards[0].DiskId + " holds shards 0, 1 (at most 1)", "node " + crowded + " holds shards 0, 1, 2 (at most 2)"],
            verified.Crowded.Select(c => c.Excess.ToString()));

        // No map change: the pass anti-entropy asks for runs on the settled map.
        var pass = await RebalanceEverywhereAsync(grid);

        Assert.True(pass.Moved >= 1 && pass.Settled, $"moved {pass.Moved}, pending {pass.Pending}");
        Assert.Equal(0, (await AntiEntropyEverywhereAsync(grid)).Crowded);
        Assert.Empty((await verifier.VerifyAsync((await grid.Reader.FindAsync("study-0", name))!, queueRepairs: false, CancellationToken.None)).Crowded);
        await AssertPlacedAndReadableAsync(grid, objects);
        grid.Kill(crowded);
        await AssertReadableAsync(grid, objects);
    }

    [Fact]
    public void NextPassDelay_LeftoversOnlyAFewTimesInARow_MovesUndoneAlwaysTheRetryDelay()
    {
        var options = new RebalanceOptions { RetryDelay = TimeSpan.FromMinutes(5), LeftoverRetryDelay = TimeSpan.FromSeconds(30), LeftoverRetries = 2 };
        var leftovers = new RebalancePass(3, 10, 1, 100, Pending: 4, 0, 0, Leftovers: 4);
        var movesUndone = leftovers with { Pending = 5 };

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)], [.. Enumerable.Range(1, 3).Select(n => options.NextPassDelay(leftovers, n))]);
        Assert.Equal(TimeSpan.FromMinutes(5), options.NextPassDelay(movesUndone, 1));
        Assert.Equal(TimeSpan.FromMinutes(5), options.NextPassDelay(leftovers with { PartitionsUnrefilled = 1 }, 1));
    }

    /// <summary><paramref name="manifest"/> with shard <paramref name="index"/> of its first part placed on <paramref name="disk"/>.</summary>
    private static GridManifest MovedTo(GridManifest manifest, int index, DiskLocation disk) =>
        manifest with { Parts = [manifest.Parts[0] with { Shards = manifest.Parts[0].Shards.Select((s, i) => i == index ? new ShardLocation(disk.Node.Id, disk.Disk.Id) : s).ToArray() }, .. manifest.Parts.Skip(1)] };

    /// <summary>Copies shard <paramref name="index"/> of <paramref name="from"/>'s first part (read where it places it) to <paramref name="toNodeId"/>, its record carrying <paramref name="recorded"/>.</summary>
    private static async Task CopyShardAsync(FakeGrid grid, GridManifest from, int index, string toNodeId, GridManifest recorded)
    {
        var part = from.Parts[0];
        var shard = new byte[new Codec.Layout.StripeLayout(from.DataShards, from.BlockSize).ShardLength(part.StoredLength)];
        Assert.Equal(ShardStatus.Ok, (await grid.Store(part.Shards[index].NodeId).ReadAsync(new ShardKey(part.StorageKey, (ushort)index), 0, shard)).Status);
        Assert.Equal(ShardStatus.Ok, (await grid.Store(toNodeId).PutAsync(new ShardWrite(Archive.Grid.Peers.ShardTransfer.StorageManifest(recorded, 0, recorded.Parts[0]), (ushort)index, shard))).Status);
    }

    private static bool NamesNode(FakeGrid grid, string name, string nodeId) =>
        grid.Replica(ManifestDirectoryReplicas(grid, "study-0").First()).All().Single(m => m.ObjectName == name).Parts.Any(p => p.Shards.Any(s => s.NodeId == nodeId));

    /// <summary>One pass on every node, node-by-node; nodes leaving the map or draining go last (their refills reach owners that already finished).</summary>
    private static async Task<RebalancePass> RebalanceEverywhereAsync(FakeGrid grid, string? except = null)
    {
        var total = new RebalancePass(grid.Maps.Current.Epoch, 0, 0, 0, 0, 0, 0);
        foreach (var node in grid.Map.Nodes.Where(n => n.Id != except).OrderBy(n => grid.Maps.Current.FindNode(n.Id)?.State == NodeState.Active ? 0 : 1))
        {
            var rebalancer = new ShardRebalancer(node.Id, grid.Maps, grid, grid.Membership, Fast, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger<ShardRebalancer>.Instance);
            var held = grid.Replica(node.Id).All().OrderBy(m => m.PartitionKey, StringComparer.Ordinal).ThenBy(m => m.ObjectId).ToArray();
            var pass = await rebalancer.RunAsync(held.ToAsyncEnumerable(), refill: true);
            total = total with
            {
                Objects = total.Objects + pass.Objects,
                Moved = total.Moved + pass.Moved,
                Pending = total.Pending + pass.Pending,
                Leftovers = total.Leftovers + pass.Leftovers,
                ManifestsRefilled = total.ManifestsRefilled + pass.ManifestsRefilled,
                PartitionsUnrefilled = total.PartitionsUnrefilled + pass.PartitionsUnrefilled,
            };
        }

        return total;
    }

    private static async Task<AntiEntropyPass> AntiEntropyEverywhereAsync(FakeGrid grid)
    {
        var total = new AntiEntropyPass(0, 0, 0, 0, 0, 0);
        foreach (var node in grid.Map.Nodes)
        {
            var checker = new AntiEntropyChecker(node.Id, grid.Maps, grid, grid.Membership, grid.Repairs, TimeSpan.FromHours(1), NullLogger<AntiEntropyChecker>.Instance);
            total += await checker.CheckAsync(grid.Replica(node.Id).All().ToAsyncEnumerable());
        }

        return total;
    }

    private static async Task AssertPlacedAndReadableAsync(FakeGrid grid, List<(string Partition, string Name, byte[] Content)> objects)
    {
        foreach (var (partition, name, _) in objects)
        {
            var manifest = (await grid.Reader.FindAsync(partition, name))!;
            Assert.All(manifest.Parts, p => Assert.Empty(RebalancePlan.For(grid.Maps.Current, p, manifest.ParityShards)));
            Assert.All(manifest.Parts, p => Assert.All(p.Shards.Select((l, i) => (l, i)), s =>
                Assert.Contains(new Archive.Storage.Primitives.ShardKey(p.StorageKey, (ushort)s.i), grid.Store(s.l.NodeId).Keys)));
        }

        await AssertReadableAsync(grid, objects);
    }

    private static async Task AssertReadableAsync(FakeGrid grid, List<(string Partition, string Name, byte[] Content)> objects)
    {
        foreach (var (partition, name, content) in objects)
        {
            using var destination = new MemoryStream();
            var outcome = await grid.Reader.ReadAsync(partition, name, destination);
            Assert.True(outcome.IsSuccess, outcome.Detail);
            Assert.Equal(content, destination.ToArray());
        }
    }

    private static async Task<List<(string Partition, string Name, byte[] Content)>> WriteAsync(FakeGrid grid, int count, int seed)
    {
        var objects = new List<(string, string, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var (partition, name) = ($"study-{i % 4}", $"1.80.{seed}.{i}");
            var content = Content((i * 29_000) + 50_000, i % 3 == 0, (seed * 100) + i);
            using var stream = new MemoryStream(content);
            Assert.True((await grid.Writer.WriteAsync(new GridWriteRequest(name, partition, stream, "attrs"u8.ToArray()))).IsSuccess);
            objects.Add((partition, name, content));
        }

        return objects;
    }

    private static long TotalShards(FakeGrid grid, string? except = null) =>
        grid.Map.Nodes.Where(n => n.Id != except).Sum(n => (long)grid.Store(n.Id).Count);

    private static IEnumerable<string> ManifestDirectoryReplicas(FakeGrid grid, string partition) =>
        Archive.Grid.Peers.ManifestDirectory.ReplicasOf(grid.Maps.Current, partition).Select(n => n.Id);

    private static GridMap WithState(GridMap map, string nodeId, NodeState state) =>
        map with { Epoch = map.Epoch + 1, Nodes = map.Nodes.Select(n => n.Id == nodeId ? n with { State = state } : n).ToArray() };
}
