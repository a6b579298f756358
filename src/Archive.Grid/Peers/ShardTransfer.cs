using Archive.Grid.Manifests;
using Archive.Grid.Map;
using Archive.Grid.Membership;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;

namespace Archive.Grid.Peers;

/// <summary>
/// Puts one shard on a chosen disk and reads it back verified before anyone relies on it: what
/// repair and rebalancing do before a manifest may name the new location. Each call is bounded by
/// <paramref name="timeout"/>; reachability is reported to the membership table. Thread-safe.
/// </summary>
public sealed class ShardTransfer(IPeerConnector peers, MembershipTable membership, TimeSpan timeout)
{
    /// <summary>Stores shard <paramref name="index"/> of <paramref name="storage"/> on <paramref name="target"/> and verifies it there.</summary>
    public async Task<TransferResult> PutVerifiedAsync(DiskLocation target, ObjectManifest storage, int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var store = peers.Connect(target.Node).Shards;
            var put = await store.PutAsync(new ShardWrite(storage, (ushort)index, data, Guid.TryParseExact(target.Disk.Id, "N", out var g) ? new DiskId(g) : null), deadline.Token).ConfigureAwait(false);
            if (put.Status != ShardStatus.Ok)
            {
                return put.Status == ShardStatus.Unavailable ? TransferResult.Unreachable : TransferResult.Refused;
            }

            var verify = await store.VerifyAsync(new ShardKey(storage.Key, (ushort)index), deadline.Token).ConfigureAwait(false);
            membership.Heard(target.Node.Id);
            return verify.Status == ShardStatus.Ok ? TransferResult.Ok : TransferResult.Refused;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(target.Node.Id);
            return TransferResult.Unreachable;
        }
    }

    /// <summary>
    /// Reads the whole of shard <paramref name="index"/> of <paramref name="part"/> from
    /// <paramref name="source"/> into <paramref name="destination"/> (exactly the shard length),
    /// every block checksum verified by the store; false when it is not there intact.
    /// </summary>
    public async Task<bool> ReadWholeAsync(GridNode source, ObjectPart part, int index, Memory<byte> destination, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var store = peers.Connect(source).Shards;
            var key = new ShardKey(part.StorageKey, (ushort)index);
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = await store.ReadAsync(key, filled, destination[filled..], deadline.Token).ConfigureAwait(false);
                if (read.Status != ShardStatus.Ok || read.BytesRead == 0 || read.ShardLength != destination.Length)
                {
                    return false;
                }

                filled += read.BytesRead;
            }

            membership.Heard(source.Id);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            membership.Failed(source.Id);
            return false;
        }
    }

    /// <summary>The storage manifest a shard record of <paramref name="part"/> carries: the grid manifest's part as placed now.</summary>
    public static ObjectManifest StorageManifest(GridManifest manifest, int partIndex, ObjectPart part) => new(
        part.StorageKey,
        part.StoredLength,
        manifest.Sha256,
        manifest.StorageClass,
        (byte)manifest.DataShards,
        (byte)manifest.ParityShards,
        manifest.BlockSize,
        manifest.Checksum,
        manifest.CreatedAt,
        GridManifestCodec.EncodePart(manifest, partIndex, manifest.Parts.Count, part));
}

/// <summary>How a verified put went.</summary>
public enum TransferResult
{
    Ok,

    /// <summary>The node answered but would not keep the shard (disk full, no writable disk, verify failed).</summary>
    Refused,

    /// <summary>The node did not answer in time.</summary>
    Unreachable,
}
