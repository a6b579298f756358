using Archive.Grid.Grpc.Client;
using Archive.Grid.Repair;
using Xunit.Abstractions;

namespace Archive.Integration.Tests.Grid;

/// <summary>
/// Silent corruption on a real 6-node ec-4-2 grid (issue 7), done on disk under the running nodes:
/// bits flipped in a few % of the blocks of shard records on two nodes (some objects hit on both,
/// never more than m shards of a part), one sealed segment file truncated, another deleted, and two
/// objects hit on m + 1 nodes. With repair held off, <c>scrub start --now</c> must report exactly
/// the damaged shards (every one, nothing else) on the node holding each; then the nodes are
/// killed -9 and restart with repair on, every other object comes back to k+m verified shards and
/// reads bit-exact, and exactly the two objects are reported unrecoverable (their reads fail, never
/// with wrong bytes). Small segment files give each disk several. Seed pinned.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GridCorruptionTests(ITestOutputHelper output)
{
    private const double BlockShare = 0.04;
    private static readonly string[] FlipNodes = ["node-2", "node-4"];
    private const string TruncateNode = "node-5";
    private const string DeleteNode = "node-6";

    [GridFact]
    public async Task Grid_BitsFlippedSegmentsTruncatedAndDeleted_ScrubFindsExactlyTheDamageRepairRestoresBeyondMUnrecoverable()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var grid = await GridHarness.StartAsync("corruption", settings: new Dictionary<string, string>
        {
            ["Repair:Enabled"] = "false",
            ["Repair:IdleDelay"] = "00:00:00.500",
            ["Repair:RetryBackoff"] = "00:00:01",
            ["Repair:MaxRetryBackoff"] = "00:00:05",
            ["Storage:GroupCommit:SegmentMaxBytes"] = "1048576",
        });
        string[] all = [.. grid.Cluster.Nodes.Select(n => n.Id)];
        await grid.WaitForMembersUpAsync("node-1", all);
        await grid.WarmUpAsync();
        var objects = TestObjects.Make(GridHarness.LongMode ? 120 : 36, seed: 8, prefix: "rot");
        await grid.WriteAllAsync("node-1", objects);
        output.WriteLine($"grid up, warmed and loaded in {clock.Elapsed.TotalSeconds:F1} s (load {GridMaintenance.Load()})");

        var random = new Random(8);
        var shards = all.SelectMany(n => StoredShards.Of(grid.Cluster.Node(n))).ToList();
        var damage = new Damage(shards);
        damage.TruncateOneSealedSegment(TruncateNode);
        damage.DeleteOneSealedSegment(DeleteNode);
        var doomed = damage.DoomObjects(objects, 2, random);
        damage.FlipBlocks(objects.Select(o => o.Name).Except(doomed).ToHashSet(), random);

        // The scrub of each node reports exactly what was damaged there.
        clock.Restart();
        await grid.ScrubNowAsync(all, TimeSpan.FromMinutes(1));
        output.WriteLine($"damaged {damage.Summary}; scrub passes of every disk done in {clock.Elapsed.TotalSeconds:F1} s (load {GridMaintenance.Load()})");
        foreach (var node in all)
        {
            // Other items can only be what a write missed under load (no reads, no anti-entropy with repair off).
            var queued = await grid.RepairItemsAsync(node);
            Assert.All(queued.Where(i => i.Reason != (int)RepairReason.BadOnScrub), i => Assert.True(
                i.Reason is (int)RepairReason.MissedOnWrite or (int)RepairReason.ManifestReplicaMissed, $"unexpected repair item on {node}: {i}"));
            var items = queued.Where(i => i.Reason == (int)RepairReason.BadOnScrub).ToArray();
            var reported = items.SelectMany(i => i.ShardIndices.Select(s => (i.ObjectName, i.PartIndex, s))).Order().ToArray();
            Assert.Equal(damage.On(node), reported);
            var status = await grid.ScrubStatusAsync(node);
            Assert.Equal(damage.On(node).Length, status.Disks.Sum(d => d.PassBad));
        }

        // Repair on: every node is killed -9 and restarts with it (the queue is durable).
        foreach (var node in all)
        {
            grid.Cluster.Kill(node);
        }

        await Task.WhenAll(all.Select(n => grid.Cluster.StartAsync(n, ["--Repair:Enabled=true"])));
        await grid.WaitForMembersUpAsync("node-1", all);
        output.WriteLine($"restarted with repair on in {clock.Elapsed.TotalSeconds:F1} s since the scrub started");
        var survivors = objects.Where(o => !doomed.Contains(o.Name)).ToArray();
        clock.Restart();
        await WaitForRepairAsync(grid, all, survivors, doomed);
        output.WriteLine($"repaired to k+m, {doomed.Count} unrecoverable, {clock.Elapsed.TotalSeconds:F1} s after the restart (load {GridMaintenance.Load()})");

        var verified = await grid.VerifyAsync("node-1", objects);
        Assert.Empty(GridMaintenance.Incomplete(survivors, verified));
        Assert.All(doomed, name => Assert.False(verified[name].Recoverable, name));
        var failures = await grid.ReadFailuresAsync("node-3", survivors);
        Assert.True(failures.Count == 0, "after repair:\n" + string.Join("\n", failures.Take(10)));
        foreach (var o in objects.Where(o => doomed.Contains(o.Name)))
        {
            var (result, bytes) = await GridFaultFixture.ReadAsync(grid.Client("node-3"), o);
            Assert.True(result.Status != ObjectGetStatus.Ok || bytes.AsSpan().SequenceEqual(o.Bytes), $"{o.Name}: wrong bytes");
            Assert.NotEqual(ObjectGetStatus.Ok, result.Status);
        }
    }

    /// <summary>Waits until only the doomed objects are left queued, exactly they are reported unrecoverable, and every other object verifies with k+m good shards.</summary>
    private static async Task WaitForRepairAsync(GridHarness grid, string[] nodes, IReadOnlyList<TestObjects.TestObject> survivors, IReadOnlySet<string> doomed)
    {
        var deadline = DateTime.UtcNow + (GridHarness.LongMode ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(2));
        while (true)
        {
            var left = new HashSet<string>();
            var unrecoverable = new HashSet<string>();
            foreach (var node in nodes)
            {
                left.UnionWith((await grid.RepairItemsAsync(node)).Select(i => i.ObjectName));
                unrecoverable.UnionWith((await grid.RepairStatusAsync(node)).UnrecoverableItems.Select(i => i.ObjectName));
            }

            var settled = left.IsSubsetOf(doomed) && unrecoverable.SetEquals(doomed);
            var incomplete = settled ? GridMaintenance.Incomplete(survivors, await grid.VerifyAsync("node-1", survivors)) : ["(queue first)"];
            if (settled && incomplete.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"repair did not settle: queued {string.Join(",", left)}; unrecoverable {string.Join(",", unrecoverable)}; doomed {string.Join(",", doomed)}; below k+m:\n{string.Join("\n", incomplete.Take(10))}");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>The damage done, by node, as (object name, part, shard), and the rules that keep every other part within m.</summary>
    private sealed class Damage(List<StoredShards.StoredShard> shards)
    {
        private readonly List<StoredShards.StoredShard> _all = shards;
        private readonly Dictionary<string, SortedSet<(string, int, int)>> _byNode = [];
        private readonly Dictionary<(string Name, int Part), HashSet<int>> _byPart = [];

        // Only keys held once per node: the scrub reads what the index points at, a second copy is not it.
        private readonly List<StoredShards.StoredShard> _candidates = shards
            .GroupBy(s => (s.NodeId, s.Record.Header.Key))
            .Where(g => g.Count() == 1)
            .Select(g => g.Single())
            .ToList();

        private int _blocksFlipped;
        private int _truncated;
        private int _deleted;

        public string Summary => $"{_byNode.Values.Sum(s => s.Count)} shards on {_byNode.Count} nodes ({_blocksFlipped} blocks flipped, {_truncated} records cut off with a segment tail, {_deleted} in a deleted segment)";

        public (string, int, int)[] On(string node) => _byNode.TryGetValue(node, out var set) ? [.. set] : [];

        /// <summary>Cuts a sealed (not the newest) segment of <paramref name="node"/> in its middle record.</summary>
        public void TruncateOneSealedSegment(string node)
        {
            var file = SealedSegments(node).MaxBy(g => g.Count());
            Assert.True(file is not null && file.Count() >= 2, $"{node} has no sealed segment with two records: make the objects bigger or the segments smaller");
            var records = file.OrderBy(s => s.Record.Offset).ToArray();
            var cut = records[records.Length / 2].Record.Offset + 1;
            Assert.All(_all.Where(s => s.NodeId == node && s.SegmentPath == records[0].SegmentPath && s.Record.Offset >= cut - 1), s => Assert.Contains(s, records));
            StoredShards.Truncate(records[0].SegmentPath, cut);
            foreach (var lost in records.Where(s => s.Record.Offset >= cut - 1))
            {
                Add(lost);
                _truncated++;
            }
        }

        /// <summary>Deletes a sealed (not the newest) segment file of <paramref name="node"/> whose records are all held once there.</summary>
        public void DeleteOneSealedSegment(string node)
        {
            var file = SealedSegments(node).Where(g => g.All(s => Room((s.ObjectName, s.Part)) > 0)).MinBy(g => g.Count());
            Assert.True(file is not null, $"{node} has no sealed segment to delete");
            Assert.Equal(_all.Count(s => s.SegmentPath == file.First().SegmentPath), file.Count());
            File.Delete(file.First().SegmentPath);
            foreach (var lost in file)
            {
                Add(lost);
                _deleted++;
            }
        }

        /// <summary>Why objects could not be doomed: how the test objects' shards stand after the segment damage.</summary>
        private string Census(IReadOnlySet<string> names)
        {
            var ours = _all.Where(s => names.Contains(s.ObjectName)).ToList();
            var heldTwice = ours.GroupBy(s => (s.NodeId, s.Record.Header.Key)).Count(g => g.Count() > 1);
            var ec = ours.Where(s => s.TotalParts == 1 && s.Record.Header.K > 1).GroupBy(s => s.ObjectName).ToList();
            return $"{ours.Count} shard records of {names.Count} objects, {heldTwice} keys held twice on a node, {ec.Count} single-part ec objects, "
                + $"{ec.Count(g => g.Count() == g.First().Record.Header.K + g.First().ParityShards)} with every shard found, "
                + $"{ec.Count(g => _byPart.ContainsKey((g.Key, 0)))} damaged by the segment cuts ({Summary})";
        }

        /// <summary>Flips a block in m + 1 shards (on as many nodes) of <paramref name="count"/> single-part ec objects left untouched so far.</summary>
        public HashSet<string> DoomObjects(IReadOnlyList<TestObjects.TestObject> objects, int count, Random random)
        {
            var names = objects.Select(o => o.Name).ToHashSet();
            var doomed = _candidates
                .Where(s => names.Contains(s.ObjectName) && s.TotalParts == 1 && s.Record.Header.K > 1)
                .GroupBy(s => s.ObjectName)
                .Where(g => !_byPart.ContainsKey((g.Key, 0)) && g.Count() == g.First().Record.Header.K + g.First().ParityShards)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Take(count)
                .ToArray();
            Assert.True(doomed.Length == count, $"only {doomed.Length} of {count} objects to doom: {Census(names)}");
            foreach (var group in doomed)
            {
                // The same block of m + 1 shards: that stripe has fewer than k good blocks, no reader can rebuild it.
                var block = random.Next(group.First().Record.Header.BlockCount);
                foreach (var shard in group.OrderBy(_ => random.Next()).Take(group.First().ParityShards + 1))
                {
                    StoredShards.FlipBitInBlock(shard, block, random);
                    Add(shard);
                    _blocksFlipped++;
                }
            }

            return doomed.Select(g => g.Key).ToHashSet();
        }

        /// <summary>
        /// Flips bits in about <see cref="BlockShare"/> of the blocks held on <see cref="FlipNodes"/>:
        /// first one block in both nodes' shards of a few parts (the same object damaged on two nodes),
        /// then blocks at random, never taking a part past m damaged shards.
        /// </summary>
        public void FlipBlocks(IReadOnlySet<string> eligible, Random random)
        {
            var onFlipNodes = _candidates.Where(s => FlipNodes.Contains(s.NodeId) && eligible.Contains(s.ObjectName)).ToList();
            var target = (int)(onFlipNodes.Sum(s => s.Record.Header.BlockCount) * BlockShare);
            var flipped = 0;
            var pairs = onFlipNodes.GroupBy(s => (s.ObjectName, s.Part))
                .Where(g => g.Select(s => s.NodeId).Distinct().Count() == 2 && Room(g.Key) >= 2)
                .OrderBy(g => g.Key)
                .Take(3)
                .ToArray();
            Assert.Equal(3, pairs.Length);
            foreach (var shard in pairs.SelectMany(g => g))
            {
                StoredShards.FlipBitInBlock(shard, random.Next(shard.Record.Header.BlockCount), random);
                Add(shard);
                flipped++;
                _blocksFlipped++;
            }

            var blocks = onFlipNodes.SelectMany(s => Enumerable.Range(0, s.Record.Header.BlockCount).Select(b => (Shard: s, Block: b))).OrderBy(_ => random.Next()).ToList();
            var hitBlocks = new HashSet<(StoredShards.StoredShard, int)>();
            foreach (var (shard, block) in blocks)
            {
                if (flipped >= target)
                {
                    break;
                }

                var already = _byPart.TryGetValue((shard.ObjectName, shard.Part), out var hit) && hit.Contains(shard.Record.Header.Key.ShardIndex);
                if ((already || Room((shard.ObjectName, shard.Part)) > 0) && hitBlocks.Add((shard, block)))
                {
                    StoredShards.FlipBitInBlock(shard, block, random);
                    Add(shard);
                    flipped++;
                    _blocksFlipped++;
                }
            }

            Assert.True(flipped >= target, $"flipped {flipped} of {target} blocks");
        }

        /// <summary>The candidate records of each segment file of <paramref name="node"/> but the newest of its disk.</summary>
        private IEnumerable<IGrouping<(string DiskDirectory, ulong SegmentId), StoredShards.StoredShard>> SealedSegments(string node) =>
            _candidates.Where(s => s.NodeId == node)
                .GroupBy(s => (s.DiskDirectory, s.SegmentId))
                .Where(g => _candidates.Any(s => s.NodeId == node && s.DiskDirectory == g.Key.DiskDirectory && s.SegmentId > g.Key.SegmentId));

        private int Room((string Name, int Part) part)
        {
            var m = _all.First(s => s.ObjectName == part.Name && s.Part == part.Part).ParityShards;
            return m - (_byPart.TryGetValue(part, out var hit) ? hit.Count : 0);
        }

        private void Add(StoredShards.StoredShard shard)
        {
            if (!_byNode.TryGetValue(shard.NodeId, out var set))
            {
                _byNode[shard.NodeId] = set = [];
            }

            set.Add(shard.Id);
            if (!_byPart.TryGetValue((shard.ObjectName, shard.Part), out var hit))
            {
                _byPart[(shard.ObjectName, shard.Part)] = hit = [];
            }

            hit.Add(shard.Record.Header.Key.ShardIndex);
        }
    }
}
