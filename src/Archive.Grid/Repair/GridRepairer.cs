using Archive.Codec.Layout;
using Archive.Grid.Coding;
using Archive.Grid.Diagnostics;
using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Grid.Reading;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Microsoft.Extensions.Logging;

namespace Archive.Grid.Repair;

/// <summary>
/// Repairs one <see cref="RepairItem"/> (DESIGN.md §6): finds the object version's manifest,
/// reads k good shards of the part (the reader's <see cref="ShardFetch"/>), rebuilds the shards
/// named by the item plus any found bad on the way, writes each to its manifest location when
/// that node answers, else to a new disk from <see cref="ShardPlacement.PlaceShards"/> that
/// keeps the spread, verifies it there, and commits the manifest again when a location moved
/// (same SHA-256, so the same version with the new placement). A manifest-replica item puts the
/// manifest on the replica that missed it. Never deletes a shard. Thread-safe; stateless per call.
/// </summary>
public sealed partial class GridRepairer
{
    private readonly GridMapHolder _maps;
    private readonly IPeerConnector _peers;
    private readonly MembershipTable _membership;
    private readonly CodecPool _codecs;
    private readonly GridReadOptions _readOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<GridRepairer> _logger;
    private readonly ManifestDirectory _directory;
    private readonly TimeSpan _replaceAfter;
    private readonly ShardTransfer _transfer;
    private readonly GridMetrics? _metrics;
    private readonly UnwritableDisks _unwritable;

    /// <param name="replaceAfter">
    /// How long a shard's node must have been silent before its shards are rebuilt elsewhere; until
    /// then an unreachable home means "retry later" (a rebooting node must not cause data movement).
    /// A node that answers but refuses the shard (disk full, no writable disk), a failed disk or a
    /// node gone from the map are re-placed at once.
    /// </param>
    /// <param name="metrics">Instruments to record codec time into; null records nothing.</param>
    public GridRepairer(GridMapHolder maps, IPeerConnector peers, MembershipTable membership, CodecPool codecs, GridReadOptions readOptions, TimeSpan replaceAfter, TimeProvider time, ILogger<GridRepairer> logger, GridMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentOutOfRangeException.ThrowIfLessThan(replaceAfter, TimeSpan.Zero);
        _replaceAfter = replaceAfter;
        readOptions.Validate();
        _maps = maps;
        _peers = peers;
        _membership = membership;
        _codecs = codecs;
        _readOptions = readOptions;
        _time = time;
        _logger = logger;
        _directory = new ManifestDirectory(peers, membership);
        _transfer = new ShardTransfer(peers, membership, readOptions.ShardReadTimeout);
        _unwritable = new UnwritableDisks(peers, time);
    }

    /// <summary>One attempt at <paramref name="item"/>; the caller completes or keeps the item by the status.</summary>
    public async Task<RepairOutcome> RepairAsync(RepairItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var map = _maps.Current;
        var lookup = await _directory.LookUpAsync(map, item.PartitionKey, ObjectIdentity.ObjectIdOf(item.ObjectName), cancellationToken).ConfigureAwait(false);
        if (lookup.Versions.FirstOrDefault(v => v.Sha256 == item.Sha256) is not { } manifest)
        {
            // Every replica answered and none holds it: the write failed before any replica took its manifest. Its
            // shards are unreferenced and stay so; should a manifest surface later (a rebalance still moving it), the
            // anti-entropy check of its partition queues whatever it misses.
            return lookup.EveryReplicaAnswered
                ? new RepairOutcome(RepairStatus.NothingToRepair, 0, 0, "no catalog replica holds this version: its write was never committed")
                : new RepairOutcome(RepairStatus.Retry, 0, 0, "no reachable catalog replica knows this version");
        }

        if (item.PartIndex < 0)
        {
            return await PutManifestReplicaAsync(map, manifest, item.NodeId, cancellationToken).ConfigureAwait(false);
        }

        if (item.PartIndex >= manifest.Parts.Count)
        {
            return new RepairOutcome(RepairStatus.Unrecoverable, 0, 0, $"part {item.PartIndex} does not exist in a manifest of {manifest.Parts.Count} parts");
        }

        return await RepairPartAsync(map, manifest, item, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RepairOutcome> PutManifestReplicaAsync(GridMap map, GridManifest manifest, string? nodeId, CancellationToken cancellationToken)
    {
        if (nodeId is null || map.FindNode(nodeId) is not { } node)
        {
            // The node left the map: the partition's current replicas are what counts.
            var commit = await _directory.CommitAsync(map, manifest, cancellationToken).ConfigureAwait(false);
            return commit.MissedNodes.Count == 0
                ? new RepairOutcome(RepairStatus.Repaired, 0, 0, "manifest on every current replica")
                : new RepairOutcome(RepairStatus.Retry, 0, 0, $"{commit.MissedNodes.Count} replica(s) did not take the manifest");
        }

        try
        {
            var stored = await _peers.Connect(node).Manifests.PutAsync(manifest, cancellationToken).ConfigureAwait(false);
            _membership.Heard(node.Id);
            return stored
                ? new RepairOutcome(RepairStatus.Repaired, 0, 0, "manifest replica restored")
                : new RepairOutcome(RepairStatus.Retry, 0, 0, "the replica refused the manifest");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _membership.Failed(node.Id);
            return new RepairOutcome(RepairStatus.Retry, 0, 0, "the replica node is unreachable");
        }
    }

    private async Task<RepairOutcome> RepairPartAsync(GridMap map, GridManifest manifest, RepairItem item, CancellationToken cancellationToken)
    {
        var part = manifest.Parts[item.PartIndex];
        int k = manifest.DataShards, total = manifest.TotalShards;
        var layout = new StripeLayout(k, manifest.BlockSize);
        var shardLength = checked((int)layout.ShardLength(part.StoredLength));
        var rebuild = item.ShardIndices.Where(i => i >= 0 && i < total).ToHashSet();
        using var shards = new ShardSet(total, shardLength);
        var fetch = await new ShardFetch(_peers, _membership, _readOptions, _time, map, part, shards, k, rebuild).RunAsync(cancellationToken).ConfigureAwait(false);
        var bytes = (long)fetch.Good * shardLength;
        if (fetch.Good < k)
        {
            LogUnrecoverable(manifest.ObjectName, item.PartIndex, fetch.Good, k);
            return new RepairOutcome(RepairStatus.Unrecoverable, bytes, 0, $"only {fetch.Good} of the {k} shards needed could be read ({fetch.Failures})");
        }

        rebuild.UnionWith(fetch.Bad);
        var buffers = Enumerable.Range(0, total).Select(shards.Shard).ToArray();
        var started = _time.GetTimestamp();
        var rebuilt = _codecs.ReedSolomon(k, manifest.ParityShards).TryReconstruct(buffers, fetch.Present, dataOnly: false);
        _metrics?.Codec(GridMetrics.CodecReconstruct, "repair", rebuilt ? (long)fetch.Present.Count(p => !p) * shardLength : 0, _time.GetElapsedTime(started));
        if (!rebuilt)
        {
            return new RepairOutcome(RepairStatus.Unrecoverable, bytes, 0, "the codec could not reconstruct from the shards read");
        }

        var locations = part.Shards.ToArray();
        var excluded = new HashSet<string>(_unwritable.Of(map).Unwritable, StringComparer.Ordinal); // as the writer places around them
        var left = 0;
        var moved = 0;
        foreach (var index in rebuild.Order())
        {
            var placed = await PlaceAndPutAsync(map, manifest, item.PartIndex, part, locations, index, shards.Shard(index), excluded, cancellationToken).ConfigureAwait(false);
            if (placed is not { } location)
            {
                left++;
                continue;
            }

            bytes += shardLength;
            if (location != locations[index])
            {
                moved++;
                locations[index] = location;
            }
        }

        if (moved > 0)
        {
            var parts = manifest.Parts.ToArray();
            parts[item.PartIndex] = part with { Shards = locations };
            var commit = await _directory.MoveAsync(map, manifest, manifest with { Parts = parts }, cancellationToken).ConfigureAwait(false);
            if (!commit.ReachedQuorum)
            {
                return new RepairOutcome(RepairStatus.Retry, bytes, moved, $"moved {moved} shard(s) but the manifest reached {commit.Committed} of {commit.Required} replicas");
            }

            LogMoved(manifest.ObjectName, item.PartIndex, moved);
            await ForgetOldCopiesAsync(map, manifest, part, locations, cancellationToken).ConfigureAwait(false);
        }

        return left == 0
            ? new RepairOutcome(RepairStatus.Repaired, bytes, moved, $"rebuilt {rebuild.Count} shard(s), moved {moved}")
            : new RepairOutcome(RepairStatus.NoTarget, bytes, moved, $"{left} shard(s) found no disk to take them (their own is gone; every other eligible disk is down, full, failed or holds a shard of this part)");
    }

    /// <summary>
    /// After shards moved to other nodes: the nodes they left still list them (a lost disk's index entries, or the copy a
    /// long-silent node kept), which keeps a lost disk reported and takes space. Each is deleted there once no catalog
    /// replica names that node for it; a node that cannot be reached keeps its copy (space only).
    /// </summary>
    private async Task ForgetOldCopiesAsync(GridMap map, GridManifest manifest, ObjectPart before, ShardLocation[] after, CancellationToken cancellationToken)
    {
        for (var index = 0; index < after.Length; index++)
        {
            var old = before.Shards[index];
            if (old.NodeId == after[index].NodeId || map.FindNode(old.NodeId) is not { } node || _membership.HealthOf(node.Id) == NodeHealth.Down)
            {
                continue; // a move within a node replaced its entry there
            }

            await _directory.DeleteUnnamedCopyAsync(map, node, manifest.PartitionKey, manifest.ObjectId, new ShardKey(before.StorageKey, (ushort)index), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Puts and verifies shard <paramref name="index"/> at its location, else on the next eligible disk; null when none took it.</summary>
    private async Task<ShardLocation?> PlaceAndPutAsync(GridMap map, GridManifest manifest, int partIndex, ObjectPart part, ShardLocation[] locations, int index, ReadOnlyMemory<byte> data, HashSet<string> excluded, CancellationToken cancellationToken)
    {
        var storage = ShardTransfer.StorageManifest(manifest, partIndex, part with { Shards = locations });
        var home = map.AllDisks().Where(d => d.Node.Id == locations[index].NodeId && d.Disk.Id == locations[index].DiskId).Select(d => (DiskLocation?)d).FirstOrDefault();
        if (home is { } h && h.Disk.State != DiskState.Failed && !excluded.Contains(h.Disk.Id))
        {
            var put = await _transfer.PutVerifiedAsync(h, storage, index, data, cancellationToken).ConfigureAwait(false);
            if (put == TransferResult.Ok)
            {
                return locations[index];
            }

            if (put == TransferResult.Unreachable && _membership.SilenceOf(h.Node.Id) < _replaceAfter)
            {
                return null; // the home may come back: retry later rather than move data
            }
        }

        if (home is { } failed)
        {
            excluded.Add(failed.Disk.Id);
        }

        // Keep the spread: the other shards stay where they are, down nodes and failed disks are out.
        for (var attempt = 0; attempt < map.AllDisks().Count(); attempt++)
        {
            var existing = map.AllDisks().Where(d => locations.Where((l, i) => i != index && l.DiskId == d.Disk.Id && l.NodeId == d.Node.Id).Any()).ToArray();
            var down = map.AllDisks().Where(d => _membership.HealthOf(d.Node.Id) == NodeHealth.Down).Select(d => d.Disk.Id);
            var placement = ShardPlacement.PlaceShards(map, ObjectIdentity.PlacementKey(part.StorageKey), [index], existing, excluded.Concat(down).ToHashSet(StringComparer.Ordinal));
            if (placement.Targets[0] is not { } target)
            {
                return null;
            }

            var moved = new ShardLocation(target.Node.Id, target.Disk.Id);
            var movedStorage = ShardTransfer.StorageManifest(manifest, partIndex, part with { Shards = locations.Select((l, i) => i == index ? moved : l).ToArray() });
            if (await _transfer.PutVerifiedAsync(target, movedStorage, index, data, cancellationToken).ConfigureAwait(false) == TransferResult.Ok)
            {
                return moved;
            }

            excluded.Add(target.Disk.Id);
        }

        return null;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Repair of object {ObjectName} part {Part} impossible now: {Good} good shards, {K} needed")]
    private partial void LogUnrecoverable(string objectName, int part, int good, int k);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Repair moved {Moved} shard(s) of object {ObjectName} part {Part} and committed the new placement")]
    private partial void LogMoved(string objectName, int part, int moved);
}
