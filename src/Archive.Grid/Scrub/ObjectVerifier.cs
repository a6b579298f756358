using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Grid.Objects;
using Archive.Grid.Peers;
using Archive.Grid.Placement;
using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Grid.Scrub;

/// <summary>
/// Verifies objects now, on demand (<c>archivectl verify</c>): finds their manifests on the
/// partition's replicas, asks the node holding each of their k+m shards per part to read the whole
/// record and check every checksum, and reports per object what is bad and whether it can still be
/// rebuilt; optionally queues every bad shard for repair. Thread-safe.
/// </summary>
public sealed class ObjectVerifier(GridMapHolder maps, IPeerConnector peers, MembershipTable membership, IRepairQueue repairs)
{
    /// <summary>Every version of every object of a partition (a study) that a reachable replica knows.</summary>
    public async Task<IReadOnlyList<GridManifest>> FindPartitionAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var map = maps.Current;
        var found = new Dictionary<(string, string), GridManifest>();
        foreach (var node in ManifestDirectory.ReplicasOf(map, partitionKey))
        {
            try
            {
                await foreach (var manifest in peers.Connect(node).Manifests.ListPartitionAsync(partitionKey, cancellationToken).ConfigureAwait(false))
                {
                    found.TryAdd((manifest.ObjectName, manifest.Sha256.ToString()), manifest);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                membership.Failed(node.Id);
            }
        }

        return found.Values.OrderBy(m => m.ObjectName, StringComparer.Ordinal).ThenBy(m => m.CreatedAt).ToArray();
    }

    /// <summary>Every version of one object that a reachable replica of its partition knows.</summary>
    public Task<IReadOnlyList<GridManifest>> FindObjectAsync(string partitionKey, string objectName, CancellationToken cancellationToken) =>
        new ManifestDirectory(peers, membership).GetVersionsAsync(maps.Current, partitionKey, ObjectIdentity.ObjectIdOf(objectName), cancellationToken);

    /// <summary>Reads and checks every shard of <paramref name="manifest"/>; with <paramref name="queueRepairs"/>, queues the bad ones.</summary>
    public async Task<ObjectVerification> VerifyAsync(GridManifest manifest, bool queueRepairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var map = maps.Current;
        var bad = new List<ShardVerdict>();
        var recoverable = true;
        var ok = 0;
        var crowded = new List<CrowdedDomain>();
        var spread = PlacementSpread.For(map, manifest.TotalShards, manifest.ParityShards);
        for (var p = 0; p < manifest.Parts.Count; p++)
        {
            var part = manifest.Parts[p];
            crowded.AddRange(spread.Excess(PlacementSpread.Resolve(map, part.Shards)).Select(e => new CrowdedDomain(p, e)));
            var checks = await Task.WhenAll(part.Shards.Select((location, i) => CheckAsync(map, part.StorageKey, i, location, cancellationToken))).ConfigureAwait(false);
            var good = checks.Count(c => c.Status == ShardVerdictStatus.Ok);
            ok += good;
            recoverable &= good >= manifest.DataShards;
            var partBad = checks.Where(c => c.Status != ShardVerdictStatus.Ok).Select(c => c with { Part = p }).ToArray();
            bad.AddRange(partBad);
            if (queueRepairs && partBad.Length > 0)
            {
                var item = new RepairItem(manifest.PartitionKey, manifest.ObjectName, manifest.Sha256, p, partBad.Select(c => c.Shard).ToArray(), good, RepairReason.BadOnRead);
                await repairs.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ObjectVerification(manifest, ok, manifest.Parts.Count * manifest.TotalShards, recoverable, bad, crowded);
    }

    private async Task<ShardVerdict> CheckAsync(GridMap map, ObjectKey key, int shard, ShardLocation location, CancellationToken cancellationToken)
    {
        var verdict = new ShardVerdict(0, shard, location.NodeId, location.DiskId, ShardVerdictStatus.Unreachable);
        if (map.FindNode(location.NodeId) is not { } node)
        {
            return verdict;
        }

        try
        {
            var outcome = await peers.Connect(node).Shards.VerifyAsync(new ShardKey(key, (ushort)shard), cancellationToken).ConfigureAwait(false);
            return verdict with
            {
                Status = outcome.Status switch
                {
                    ShardStatus.Ok => ShardVerdictStatus.Ok,
                    ShardStatus.Corrupt => ShardVerdictStatus.Corrupt,
                    ShardStatus.Missing or ShardStatus.NotFound => ShardVerdictStatus.Missing,
                    _ => ShardVerdictStatus.Unavailable,
                },
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return verdict;
        }
    }
}

/// <summary>What a verification of one object version found.</summary>
/// <param name="OkShards">Shards (over every part) that read back whole with every checksum good.</param>
/// <param name="TotalShards">Parts × (k + m).</param>
/// <param name="Recoverable">Every part has at least k good shards.</param>
/// <param name="Bad">Every shard that is not good, and why.</param>
/// <param name="Crowded">
/// Failure domains holding more of a part's shards than it tolerates losing (<see cref="PlacementSpread"/>): complete
/// now, but one disk or node lost would lose the part. The owner's rebalance pass mends them (anti-entropy asks for one).
/// </param>
public sealed record ObjectVerification(GridManifest Manifest, int OkShards, int TotalShards, bool Recoverable, IReadOnlyList<ShardVerdict> Bad, IReadOnlyList<CrowdedDomain> Crowded)
{
    public bool Complete => OkShards == TotalShards;
}

/// <summary>Part <paramref name="Part"/> has more shards in one failure domain than it may (<see cref="SpreadExcess"/>).</summary>
public sealed record CrowdedDomain(int Part, SpreadExcess Excess);

/// <summary>One shard's verdict.</summary>
public sealed record ShardVerdict(int Part, int Shard, string NodeId, string DiskId, ShardVerdictStatus Status);

public enum ShardVerdictStatus
{
    Ok = 0,
    Corrupt = 1,
    Missing = 2,
    Unavailable = 3,
    Unreachable = 4,
}
