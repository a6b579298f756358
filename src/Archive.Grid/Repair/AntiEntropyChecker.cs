using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Storage.Indexing;
using Archive.Storage.Primitives;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Repair;

/// <summary>
/// Anti-entropy (DESIGN.md §6): checks that every shard the manifests of this node's catalog
/// partitions place still exists where they say, comparing inventories in bulk — one streamed
/// <c>List</c> per node per round, never one call per shard — and queues a
/// <see cref="RepairReason.MissingOnCheck"/> item per part with absent (or flagged) shards. A
/// partition is checked by its first healthy replica only, so replicas do not all queue the same
/// work. A node that cannot be listed counts as holding nothing only once it has been silent for
/// <c>replaceAfter</c> or left the map (a rebooting node must not cause data movement); before
/// that its shards are left unchecked this round. It also counts parts whose shards crowd one failure
/// domain beyond what they tolerate (<see cref="PlacementSpread"/>): no shard is missing, so repair has
/// nothing to do, but the owner's rebalance pass spreads them, and the caller asks for one. A shard its node
/// holds on another disk than the manifest names (a node holds a key once: a move within the node, or a repair
/// whose commit a reconciliation undid) gets the manifest corrected to that disk, compare-and-set, so spread
/// checks and later moves start from where the shards are. Thread-safe; stateless between rounds.
/// </summary>
public sealed partial class AntiEntropyChecker(string localNodeId, GridMapHolder maps, IPeerConnector peers, MembershipTable membership, IRepairQueue repairs, TimeSpan replaceAfter, ILogger<AntiEntropyChecker> logger)
{
    /// <summary>Manifests compared per round (bounds the expected-shard sets held in memory).</summary>
    public const int ManifestsPerRound = 20_000;

    /// <summary>Checks <paramref name="manifests"/> (this node's replica of its partitions) in rounds.</summary>
    public async Task<AntiEntropyPass> CheckAsync(IAsyncEnumerable<GridManifest> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var total = new AntiEntropyPass(0, 0, 0, 0, 0, 0);
        var round = new List<GridManifest>(ManifestsPerRound);
        var map = maps.Current;
        await foreach (var manifest in manifests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!Owns(map, manifest.PartitionKey))
            {
                continue;
            }

            round.Add(manifest);
            if (round.Count == ManifestsPerRound)
            {
                total += await CheckRoundAsync(map, round, cancellationToken).ConfigureAwait(false);
                round.Clear();
            }
        }

        if (round.Count > 0)
        {
            total += await CheckRoundAsync(map, round, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    private bool Owns(GridMap map, string partitionKey) => ManifestDirectory.IsOwner(map, partitionKey, localNodeId, membership);

    private async Task<AntiEntropyPass> CheckRoundAsync(GridMap map, List<GridManifest> round, CancellationToken cancellationToken)
    {
        // Expected shards per node, each pointing back at its (manifest, part, shard).
        var expected = new Dictionary<string, Dictionary<ShardKey, (GridManifest Manifest, int Part)>>(StringComparer.Ordinal);
        var crowded = 0;
        foreach (var manifest in round)
        {
            var spread = PlacementSpread.For(map, manifest.TotalShards, manifest.ParityShards);
            for (var p = 0; p < manifest.Parts.Count; p++)
            {
                var part = manifest.Parts[p];
                if (spread.Excess(PlacementSpread.Resolve(map, part.Shards)) is [var first, ..])
                {
                    crowded++;
                    LogCrowded(manifest.ObjectName, p, first.ToString());
                }

                for (var s = 0; s < part.Shards.Count; s++)
                {
                    var node = part.Shards[s].NodeId;
                    if (!expected.TryGetValue(node, out var keys))
                    {
                        expected[node] = keys = [];
                    }

                    keys[new ShardKey(part.StorageKey, (ushort)s)] = (manifest, p);
                }
            }
        }

        var missing = new Dictionary<(GridManifest Manifest, int Part), List<int>>();
        var elsewhere = new List<(GridManifest Manifest, int Part, int Shard, string Disk)>();
        int notChecked = 0;
        foreach (var (nodeId, keys) in expected)
        {
            var node = map.FindNode(nodeId);
            if (node is not null && !await RemoveHeldAsync(node, keys, elsewhere, cancellationToken).ConfigureAwait(false))
            {
                if (membership.SilenceOf(nodeId) < replaceAfter)
                {
                    notChecked += keys.Count;
                    continue;
                }

                LogNodeLost(nodeId, keys.Count);
            }

            foreach (var (key, owner) in keys)
            {
                if (!missing.TryGetValue(owner, out var shards))
                {
                    missing[owner] = shards = [];
                }

                shards.Add(key.ShardIndex);
            }
        }

        foreach (var ((manifest, part), shards) in missing)
        {
            shards.Sort();
            var item = new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, part, shards, manifest.TotalShards - shards.Count, RepairReason.MissingOnCheck);
            await repairs.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }

        var corrected = await CorrectDisksAsync(map, elsewhere, cancellationToken).ConfigureAwait(false);
        return new AntiEntropyPass(round.Count, expected.Values.Sum(k => k.Count), missing.Values.Sum(s => s.Count), notChecked, crowded, corrected);
    }

    /// <summary>Commits, per manifest, the disks its shards are really on; returns the manifests corrected.</summary>
    private async Task<long> CorrectDisksAsync(GridMap map, List<(GridManifest Manifest, int Part, int Shard, string Disk)> elsewhere, CancellationToken cancellationToken)
    {
        long corrected = 0;
        var directory = new ManifestDirectory(peers, membership);
        foreach (var group in elsewhere.GroupBy(e => e.Manifest))
        {
            var parts = group.Key.Parts.ToArray();
            foreach (var (_, part, shard, disk) in group)
            {
                parts[part] = parts[part] with { Shards = parts[part].Shards.Select((l, i) => i == shard ? l with { DiskId = disk } : l).ToArray() };
            }

            var commit = await directory.MoveAsync(map, group.Key, group.Key with { Parts = parts }, cancellationToken).ConfigureAwait(false);
            if (commit.ReachedQuorum)
            {
                corrected++;
                LogDiskCorrected(group.Key.ObjectName, group.Count());
            }
        }

        return corrected;
    }

    /// <summary>
    /// Streams the node's inventory once and removes from <paramref name="keys"/> every shard it holds live, noting in
    /// <paramref name="elsewhere"/> those on another disk than their manifest names; false when it cannot be listed.
    /// </summary>
    private async Task<bool> RemoveHeldAsync(GridNode node, Dictionary<ShardKey, (GridManifest Manifest, int Part)> keys, List<(GridManifest, int, int, string)> elsewhere, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var shard in peers.Connect(node).Shards.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (shard.State == ShardState.Live && keys.Remove(shard.Key, out var owner) && shard.Disk != default // default: a store that does not say
                    && owner.Manifest.Parts[owner.Part].Shards[shard.Key.ShardIndex].DiskId != shard.Disk.ToString())
                {
                    elsewhere.Add((owner.Manifest, owner.Part, shard.Key.ShardIndex, shard.Disk.ToString()));
                }
            }

            membership.Heard(node.Id);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(node.Id);
            return false;
        }
    }

    [LoggerMessage(EventId = 2223, Level = LogLevel.Warning, Message = "Anti-entropy: object {ObjectName}: {Shards} shard(s) are on another disk of their node than the manifest named; the manifest now names where they are")]
    private partial void LogDiskCorrected(string objectName, int shards);

    [LoggerMessage(EventId = 2222, Level = LogLevel.Warning, Message = "Anti-entropy: object {ObjectName} part {Part} is crowded: {Excess}; losing that one domain would lose the part, so a rebalance pass will spread it")]
    private partial void LogCrowded(string objectName, int part, string excess);

    [LoggerMessage(EventId = 2221, Level = LogLevel.Warning, Message = "Anti-entropy: node {NodeId} is gone or silent past the replace delay; its {Shards} shards are queued for repair elsewhere")]
    private partial void LogNodeLost(string nodeId, int shards);
}

/// <summary>What an anti-entropy check found.</summary>
/// <param name="Objects">Object versions checked.</param>
/// <param name="Shards">Shards expected on their nodes.</param>
/// <param name="Missing">Shards absent (or flagged) and queued for repair.</param>
/// <param name="Unchecked">Shards on nodes that could not be listed and are not yet presumed lost.</param>
/// <param name="Crowded">Parts with more shards in one failure domain than they tolerate losing (for a rebalance pass to spread).</param>
/// <param name="DisksCorrected">Manifests that named another disk of a node than the one holding a shard, corrected.</param>
public sealed record AntiEntropyPass(int Objects, long Shards, long Missing, long Unchecked, long Crowded, long DisksCorrected = 0)
{
    public static AntiEntropyPass operator +(AntiEntropyPass a, AntiEntropyPass b) =>
        new(a.Objects + b.Objects, a.Shards + b.Shards, a.Missing + b.Missing, a.Unchecked + b.Unchecked, a.Crowded + b.Crowded, a.DisksCorrected + b.DisksCorrected);
}
